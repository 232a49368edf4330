package io.datamover.kube.domain;

import io.datamover.events.Fields;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/** Ids the snapshot-service accepts (DNS labels, at most 63 characters), derived from Kubernetes names. */
public final class Ids {

    private static final int HASH_CHARS = 8;
    private static final int MAX_ID = 63;
    private static final Pattern LABEL_VALUE = Pattern.compile("[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?");

    private Ids() {
    }

    /**
     * The volume group id of the ProtectedApplication {@code namespace/name}: its name made a DNS label (a {@code .}
     * becomes {@code -}), cut to leave room, then {@code -} and the first 8 hex digits of the SHA-256 of
     * {@code namespace/name}. The same resource always gets the same id, two resources a different one (unless 32
     * bits of hash collide), and no name, however long, makes an invalid id.
     */
    public static String groupId(String namespace, String name) {
        String hash = sha256Hex(namespace + "/" + name).substring(0, HASH_CHARS);
        String label = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
        label = label.substring(0, Math.min(label.length(), MAX_ID - HASH_CHARS - 1));
        label = label.replaceAll("^-+|-+$", "");
        return label.isEmpty() ? hash : label + "-" + hash;
    }

    public static boolean isValid(String id) {
        return Fields.isValidId(id);
    }

    /**
     * The value of label {@code datamover.io/decision} for a decision: its id where that is a valid label value, else
     * {@code decision-} and the first 16 hex digits of its SHA-256.
     */
    public static String decisionLabel(String decisionId) {
        return LABEL_VALUE.matcher(decisionId).matches() ? decisionId
                : "decision-" + sha256Hex(decisionId).substring(0, 16);
    }

    static String sha256Hex(String text) {
        return sha256Hex(text.getBytes(StandardCharsets.UTF_8));
    }

    static String sha256Hex(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
