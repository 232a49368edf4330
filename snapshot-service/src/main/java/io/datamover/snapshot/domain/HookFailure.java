package io.datamover.snapshot.domain;

import java.time.Instant;

/**
 * A hook of a group that failed.
 *
 * @param hook {@code preHook} or {@code postHook}
 * @param exitCode the code it exited with, null when it timed out or could not be started
 * @param message what happened, with the last lines of its output
 */
public record HookFailure(String hook, Instant at, Integer exitCode, boolean timedOut, String message) {
}
