package dev.ticketing.e2e.spike;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** A round whose counters stop moving past the limit is reported once, with a thread dump; moving counters never are. */
class StallTest {

    @Test
    void counters_that_stop_moving_are_reported_once_with_a_thread_dump() throws Exception {
        List<String> reports = new ArrayList<>();
        Stall stall = new Stall(Duration.ofMillis(50), reports::add);

        for (long i = 0; i < 5; i++) {
            stall.check(List.of(i, 0L));
            Thread.sleep(30);
        }
        assertThat(reports).as("moving counters").isEmpty();

        stall.check(List.of(9L, 9L));
        Thread.sleep(80);
        stall.check(List.of(9L, 9L));
        stall.check(List.of(9L, 9L));

        assertThat(reports).hasSize(1);
        assertThat(reports.getFirst()).contains("no progress").contains("[9, 9]");
        Path dump = Path.of(reports.getFirst().substring(reports.getFirst().lastIndexOf(": ") + 2));
        assertThat(Files.readString(dump)).contains(Thread.currentThread().getName());
        Files.delete(dump);
    }
}
