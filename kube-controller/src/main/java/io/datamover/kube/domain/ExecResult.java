package io.datamover.kube.domain;

import java.time.Duration;

/**
 * How a command run through the Kubernetes exec API ended.
 *
 * @param exitCode its exit code; -1 when the API reported a failure without one, null when it timed out, could not
 *     be started, or the stream closed without an exit status
 * @param timedOut whether it ran past its deadline (it was abandoned, not necessarily ended)
 * @param failure what the API or the connection reported, null when there was nothing
 * @param stdout the tail of its standard output
 * @param stderr the tail of its standard error
 */
public record ExecResult(Integer exitCode, boolean timedOut, String failure, String stdout, String stderr,
        Duration took) {
}
