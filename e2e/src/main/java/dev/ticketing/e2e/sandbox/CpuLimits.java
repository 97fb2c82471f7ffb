package dev.ticketing.e2e.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * CPU limits for processes on this machine, set the way a container runtime sets a pod's {@code limits.cpu}:
 * a cgroup of its own with a CFS quota per 100 ms period. Needs a writable cgroup hierarchy (root, or a delegated
 * tree): cgroup v1's {@code cpu} controller or cgroup v2 with {@code cpu} available.
 */
public final class CpuLimits {

    private static final Path SYSTEM_ROOT = Path.of("/sys/fs/cgroup");
    private static final long PERIOD_MICROS = 100_000;
    private static final String TREE = "ticketing-sandbox";

    private final Path root;
    private final boolean unified;

    private CpuLimits(Path root, boolean unified) {
        this.root = root;
        this.unified = unified;
    }

    /** This machine's cgroup hierarchy, if this process may create CPU-limited groups in it. */
    public static Optional<CpuLimits> available() {
        return under(SYSTEM_ROOT);
    }

    /** The hierarchy mounted at {@code root}: cgroup v2 when it lists its controllers, else v1's {@code cpu/}. */
    static Optional<CpuLimits> under(Path root) {
        Path controllers = root.resolve("cgroup.controllers");
        if (Files.isReadable(controllers)) {
            boolean cpu = List.of(read(controllers).trim().split("\\s+")).contains("cpu");
            return cpu && Files.isWritable(root.resolve("cgroup.subtree_control"))
                    ? Optional.of(new CpuLimits(root, true)) : Optional.empty();
        }
        Path v1 = root.resolve("cpu");
        return Files.isWritable(v1.resolve("cpu.cfs_quota_us")) && Files.isWritable(v1)
                ? Optional.of(new CpuLimits(v1, false)) : Optional.empty();
    }

    /** A new group allowing {@code millicores} thousandths of one CPU; an existing group of that name is reused. */
    public Group create(String name, int millicores) {
        if (millicores < 1 || !name.matches("[a-zA-Z0-9._-]+")) {
            throw new IllegalArgumentException("a CPU group needs a plain name and at least 1 millicore: " + name + ", " + millicores);
        }
        long quota = PERIOD_MICROS * millicores / 1_000;
        try {
            Path tree = root.resolve(TREE);
            if (unified) {
                // v2 hands a controller down one level at a time: the root enables cpu for our tree, our tree for its groups.
                write(root.resolve("cgroup.subtree_control"), "+cpu");
                Files.createDirectories(tree);
                write(tree.resolve("cgroup.subtree_control"), "+cpu");
                Path group = Files.createDirectories(tree.resolve(name));
                write(group.resolve("cpu.max"), quota + " " + PERIOD_MICROS);
                return new Group(group, millicores);
            }
            Path group = Files.createDirectories(tree.resolve(name));
            write(group.resolve("cpu.cfs_period_us"), String.valueOf(PERIOD_MICROS));
            write(group.resolve("cpu.cfs_quota_us"), String.valueOf(quota));
            return new Group(group, millicores);
        } catch (IOException e) {
            throw new UncheckedIOException("could not create the CPU group " + name + " under " + root, e);
        }
    }

    /** A cgroup with a CPU quota; processes started through {@link #command} run inside it from their first instruction. */
    public record Group(Path path, int millicores) {

        /** The command that runs {@code command} inside this group: a shell joins it, then becomes the command. */
        public List<String> command(List<String> command) {
            if (path.toString().contains("'")) {
                throw new IllegalArgumentException("unexpected quote in a cgroup path: " + path);
            }
            List<String> wrapped = new ArrayList<>(List.of("sh", "-c",
                    "echo $$ > '" + path.resolve("cgroup.procs") + "' && exec \"$@\"", "cpu-limited"));
            wrapped.addAll(command);
            return wrapped;
        }

        /** Removes the group; the kernel refuses while a process is still in it, so stop those first. */
        public void remove() {
            for (int attempt = 1; ; attempt++) {
                try {
                    Files.deleteIfExists(path);
                    return;
                } catch (IOException e) {
                    // The kernel lets go of an exited process's group asynchronously: give it a moment.
                    if (attempt == 20) {
                        throw new UncheckedIOException("could not remove the CPU group " + path + " (a process still in it?)", e);
                    }
                    pause();
                }
            }
        }

        private static void pause() {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while removing a CPU group", e);
            }
        }
    }

    private static void write(Path file, String value) throws IOException {
        Files.writeString(file, value);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
