package io.datamover.service.rest;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import java.util.concurrent.Callable;

/**
 * For endpoints that take a body of megabytes and then block (file writes, fsyncs, calls to the block store).
 *
 * <p>Quarkus REST reads the body of a blocking endpoint as a stream on its worker thread, which the event loop
 * feeds one network buffer at a time: a hand-over between threads per buffer, the bulk of the CPU of receiving a
 * 4 MiB chunk on 2 cores. An endpoint that returns a {@link Uni} is not blocking, so its body is read whole on the
 * event loop first ({@code quarkus.rest.input-buffer-size} bytes at most); {@link #offload} then runs the blocking
 * work on a worker thread. Failures reach the exception mappers as they would from a blocking endpoint.
 */
public final class BufferedBody {

    private BufferedBody() {
    }

    /** Runs {@code work} on a worker thread; the endpoint returning this must not be annotated blocking. */
    public static <T> Uni<T> offload(Callable<T> work) {
        return Uni.createFrom().item(() -> {
            try {
                return work.call();
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new BlockingWorkException(e);
            }
        }).onFailure(BlockingWorkException.class).transform(Throwable::getCause)
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    /** Carries a checked exception out of the supplier; unwrapped before it reaches the mappers. */
    private static final class BlockingWorkException extends RuntimeException {
        BlockingWorkException(Exception cause) {
            super(cause);
        }
    }
}
