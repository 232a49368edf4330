package io.datamover.kube;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.internal.WebSocketMessage;
import java.nio.charset.StandardCharsets;

/**
 * What the Fabric8 mock server answers an exec with, as a kubelet would (protocol {@code v4.channel.k8s.io}): binary
 * frames of a channel byte and a payload, stdout on 1, stderr on 2, the exit status as a JSON Status on 3. No pod can
 * run in these tests (no cluster, no container runtime), so this is the only way to exercise the exec API. The frames
 * leave a little after the upgrade, in the order stdout, stderr, status, as they would from a command that runs: sent
 * together with the upgrade's answer, the client could see the stream close before it had read the status.
 */
public final class ExecFrames {

    private ExecFrames() {
    }

    /** The path and query Fabric8 7.5.2 asks for: every argument as a {@code command}, then the container. */
    public static String path(String namespace, String pod, String container, String... command) {
        StringBuilder path = new StringBuilder("/api/v1/namespaces/" + namespace + "/pods/" + pod + "/exec?");
        for (String argument : command) {
            path.append("command=").append(argument).append('&');
        }
        return path.append("container=").append(container).append("&stdout=true&stderr=true").toString();
    }

    public static WebSocketMessage stdout(String text) {
        return frame(100, 1, text);
    }

    public static WebSocketMessage stderr(String text) {
        return frame(150, 2, text);
    }

    /** The status of a command that exited with {@code code}, as the API server words it. */
    public static WebSocketMessage exit(int code) {
        StatusBuilder status = new StatusBuilder().withStatus(code == 0 ? "Success" : "Failure");
        if (code != 0) {
            status.withReason("NonZeroExitCode").withNewDetails().addNewCause().withReason("ExitCode")
                    .withMessage(Integer.toString(code)).endCause().endDetails();
        }
        Status built = status.build();
        return frame(200, 3, Serialization.asJson(built));
    }

    private static WebSocketMessage frame(long delayMillis, int channel, String payload) {
        byte[] text = payload.getBytes(StandardCharsets.UTF_8);
        byte[] frame = new byte[text.length + 1];
        frame[0] = (byte) channel;
        System.arraycopy(text, 0, frame, 1, text.length);
        return new WebSocketMessage(delayMillis, frame, true, true);
    }
}
