package io.datamover.service.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class BufferedBodyTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void shouldRunTheWorkOnAnotherThreadAndAnswerItsResult() {
        AtomicReference<Thread> ranOn = new AtomicReference<>();

        String result = BufferedBody.offload(() -> {
            ranOn.set(Thread.currentThread());
            return "written";
        }).await().atMost(WAIT);

        assertThat(result).isEqualTo("written");
        assertThat(ranOn.get()).isNotNull().isNotSameAs(Thread.currentThread());
    }

    @Test
    void shouldFailWithTheCheckedExceptionItselfSoThatTheExceptionMappersSeeIt() {
        IOException thrown = new IOException("disk full");

        assertThat(failureOf(thrown)).isSameAs(thrown);
    }

    @Test
    void shouldFailWithTheRuntimeExceptionItself() {
        IllegalArgumentException thrown = new IllegalArgumentException("offset must be a multiple of 4096");

        assertThat(failureOf(thrown)).isSameAs(thrown);
    }

    /** What the work that throws {@code thrown} fails with. */
    private static Throwable failureOf(Exception thrown) {
        return BufferedBody.offload(() -> {
            throw thrown;
        }).onItem().transform(item -> (Throwable) null).onFailure().recoverWithItem(f -> f).await().atMost(WAIT);
    }
}
