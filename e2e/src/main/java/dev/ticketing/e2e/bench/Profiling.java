package dev.ticketing.e2e.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Duration;

import jdk.jfr.Configuration;
import jdk.jfr.Recording;

/**
 * A JFR recording of one measured round, from its first request to its last decision (no sandbox start-up, no
 * buyer preparation), sampling Java stacks every 2 ms; open it with {@code jfr view hot-methods FILE} or JDK
 * Mission Control.
 */
final class Profiling implements AutoCloseable {

    private final Recording recording;
    private final Path file;

    private Profiling(Recording recording, Path file) {
        this.recording = recording;
        this.file = file;
    }

    /** Records into {@code file}, or does nothing when it is null. */
    static Profiling start(Path file) {
        if (file == null) {
            return new Profiling(null, null);
        }
        try {
            Recording recording = new Recording(Configuration.getConfiguration("profile"));
            recording.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(2));
            recording.enable("jdk.NativeMethodSample").withPeriod(Duration.ofMillis(2));
            recording.start();
            return new Profiling(recording, file);
        } catch (IOException | ParseException e) {
            throw new IllegalStateException("JFR's 'profile' configuration is not available: " + e, e);
        }
    }

    @Override
    public void close() {
        if (recording == null) {
            return;
        }
        try (recording) {
            recording.stop();
            Files.createDirectories(file.getParent());
            recording.dump(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
