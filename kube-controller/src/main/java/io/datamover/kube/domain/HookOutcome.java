package io.datamover.kube.domain;

/**
 * What came of running a hook: the controller's answer to {@code POST /hooks/{groupId}/{phase}}.
 *
 * @param pod the pod it ran in, null when none was found
 * @param container the container it ran in, null when no pod was found
 * @param reason null when it succeeded, else {@value #NO_RUNNING_POD}, {@value #TIMEOUT}, {@value #NON_ZERO_EXIT} or
 *     {@value #EXEC_FAILED}
 * @param exitCode the command's exit code, null when it did not exit (or no exit status came)
 * @param stdout the tail of its standard output
 * @param stderr the tail of its standard error
 * @param message a sentence naming the group, application, phase, pod and container, and what happened
 */
public record HookOutcome(String groupId, String phase, String application, String namespace, String pod,
        String container, boolean succeeded, String reason, Integer exitCode, String stdout, String stderr,
        long durationMillis, String message) {

    /** No running pod the hook's {@code podSelector} selects has its container. */
    public static final String NO_RUNNING_POD = "NoRunningPod";
    /** The command ran past its timeout and was abandoned. */
    public static final String TIMEOUT = "Timeout";
    /** The command exited with a code other than 0. */
    public static final String NON_ZERO_EXIT = "NonZeroExit";
    /** The exec API could not run the command, or no exit status came. */
    public static final String EXEC_FAILED = "ExecFailed";

    /** The hook could not run at all: no pod to run in, or the pods could not be listed. */
    public static HookOutcome notRun(HookRun run, String reason, String why) {
        return new HookOutcome(run.groupId(), run.phase().code(), run.application(), run.namespace(), null, null,
                false, reason, null, "", "", 0, run.subject() + " did not run: " + why);
    }

    /** How a command run in {@code chosen} ended. */
    public static HookOutcome of(HookRun run, PodChoice.Chosen chosen, ExecResult exec) {
        String where = " in pod " + run.namespace() + "/" + chosen.pod() + ", container " + chosen.container();
        String reason;
        String what;
        if (exec.timedOut()) {
            reason = TIMEOUT;
            what = "ran longer than its timeout of " + run.timeout().toSeconds() + "s" + where + " and was abandoned"
                    + " (the exec stream is closed; the command may still run in the container)";
        } else if (exec.exitCode() == null || exec.exitCode() < 0) {
            reason = EXEC_FAILED;
            what = "could not be run" + where + ": " + (exec.failure() != null ? exec.failure()
                    : "the exec stream closed without an exit status");
        } else if (exec.exitCode() != 0) {
            reason = NON_ZERO_EXIT;
            what = "exited with code " + exec.exitCode() + where;
        } else {
            reason = null;
            what = "exited with code 0" + where;
        }
        String message = run.subject() + " " + what + " after " + exec.took().toMillis() + " ms"
                + (reason == null ? "" : output(exec));
        return new HookOutcome(run.groupId(), run.phase().code(), run.application(), run.namespace(), chosen.pod(),
                chosen.container(), reason == null, reason, exec.exitCode(), exec.stdout(), exec.stderr(),
                exec.took().toMillis(), message);
    }

    /** The output tails as a suffix of a message; empty when there was none. */
    private static String output(ExecResult exec) {
        return (exec.stderr().isEmpty() ? "" : "; stderr: " + exec.stderr())
                + (exec.stdout().isEmpty() ? "" : "; stdout: " + exec.stdout());
    }
}
