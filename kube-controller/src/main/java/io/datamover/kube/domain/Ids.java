package io.datamover.kube.domain;

import io.datamover.events.Fields;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/** Ids the snapshot-service accepts (DNS labels, at most 63 characters), derived from Kubernetes names. */
public final class Ids {

    private static final int HASH_CHARS = 8;
    private static final int MAX_ID = 63;

    private Ids() {
    }

    /**
     * The volume group id of the ProtectedApplication {@code namespace/name}: its name made a DNS label (a {@code .}
     * becomes {@code -}), cut to leave room, then {@code -} and the first 8 hex digits of the SHA-256 of
     * {@code namespace/name}. The same resource always gets the same id, two resources a different one (unless 32
     * bits of hash collide), and no name, however long, makes an invalid id.
     */
    public static String groupId(String namespace, String name) {
        String hash = HexFormat.of().formatHex(sha256(namespace + "/" + name)).substring(0, HASH_CHARS);
        String label = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
        label = label.substring(0, Math.min(label.length(), MAX_ID - HASH_CHARS - 1));
        label = label.replaceAll("^-+|-+$", "");
        return label.isEmpty() ? hash : label + "-" + hash;
    }

    public static boolean isValid(String id) {
        return Fields.isValidId(id);
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
