package dev.ticketing.runtime.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class PreferWaitTest {

    @Test
    void the_wait_preference_is_read_among_others_and_capped() {
        assertThat(PreferWait.of(Optional.of("wait=5"))).hasValue(Duration.ofSeconds(5));
        assertThat(PreferWait.of(Optional.of("respond-async, WAIT = \"3\"; x=y"))).hasValue(Duration.ofSeconds(3));
        assertThat(PreferWait.of(Optional.of("wait=86400"))).hasValue(PreferWait.MAX);
    }

    @Test
    void no_or_a_malformed_wait_is_no_wait_never_an_error() {
        for (String prefer : new String[] {"", "return=minimal", "wait", "wait=", "wait=-1", "wait=1.5", "wait=0",
                "wait=99999999999999999999", "wait=\u0000"}) {
            assertThat(PreferWait.of(Optional.of(prefer))).as(prefer).isEmpty();
        }
        assertThat(PreferWait.of(Optional.empty())).isEmpty();
    }
}
