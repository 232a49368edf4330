package io.datamover.kube.kubernetes;

import io.datamover.kube.domain.ExecResult;
import io.datamover.kube.domain.OutputTail;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.ExecListener;
import io.fabric8.kubernetes.client.dsl.ExecWatch;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs a command in a container of a pod through the Kubernetes exec API (a websocket: stdout on channel 1, stderr on
 * 2, the exit status on 3) and waits for its exit up to a deadline, keeping the tail of its output. A command that
 * outlives the deadline is abandoned: the stream is closed, which the container runtime need not take as a signal
 * to end it.
 */
public class PodExec {

    private static final int TAIL_BYTES = 2048;
    /** How long the output of a command that exited may take to arrive after its exit status. */
    private static final Duration OUTPUT_GRACE = Duration.ofSeconds(2);

    private final KubernetesClient client;

    public PodExec(KubernetesClient client) {
        this.client = client;
    }

    /** @param timeout from the start of the call: opening the stream counts */
    public ExecResult run(String namespace, String pod, String container, List<String> command, Duration timeout) {
        OutputTail stdout = new OutputTail(TAIL_BYTES);
        OutputTail stderr = new OutputTail(TAIL_BYTES);
        Ending ending = new Ending();
        long started = System.nanoTime();
        ExecWatch watch;
        try {
            watch = client.pods().inNamespace(namespace).withName(pod).inContainer(container)
                    .writingOutput(stdout).writingError(stderr).usingListener(ending)
                    .exec(command.toArray(String[]::new));
        } catch (KubernetesClientException e) {
            return new ExecResult(null, false, "the exec API refused it: " + e.getMessage(), stdout.text(),
                    stderr.text(), since(started));
        }
        try (watch) {
            long left = timeout.toNanos() - (System.nanoTime() - started);
            Integer exitCode = watch.exitCode().get(Math.max(left, 0), TimeUnit.NANOSECONDS);
            ending.awaitOutput();
            String failure = exitCode != null && exitCode < 0 ? "the exec API reported a failure without an exit"
                    + " code: " + ending.statusMessage.get() : null;
            return new ExecResult(exitCode, false, failure, stdout.text(), stderr.text(), since(started));
        } catch (TimeoutException e) {
            return new ExecResult(null, true, null, stdout.text(), stderr.text(), since(started));
        } catch (ExecutionException e) {
            return new ExecResult(null, false, "the exec stream failed: " + e.getCause().getMessage(), stdout.text(),
                    stderr.text(), since(started));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new ExecResult(null, false, "interrupted while waiting for it", stdout.text(), stderr.text(),
                    since(started));
        }
    }

    private static Duration since(long started) {
        return Duration.ofNanos(System.nanoTime() - started);
    }

    /**
     * Fabric8 completes the exit code as the status arrives, and closes the stream after the output before it has
     * been written out: the close marks the output complete.
     */
    private static final class Ending implements ExecListener {

        private final CompletableFuture<Void> closed = new CompletableFuture<>();
        private final AtomicReference<String> statusMessage = new AtomicReference<>();

        @Override
        public void onExit(int code, Status status) {
            statusMessage.set(status == null ? null : status.getMessage());
        }

        @Override
        public void onFailure(Throwable t, Response failureResponse) {
            closed.complete(null);
        }

        @Override
        public void onClose(int code, String reason) {
            closed.complete(null);
        }

        void awaitOutput() throws InterruptedException {
            try {
                closed.get(OUTPUT_GRACE.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException | TimeoutException e) {
                // the output written so far is what there is
            }
        }
    }
}
