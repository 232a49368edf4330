package io.datamover.cbt.domain;

import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/**
 * The spec of a CSI driver's {@code SnapshotMetadataService} resource (KEP-3314): where its gRPC service listens
 * ({@code address}, {@code host:port}), the audience its tokens must be issued for, and the authorities (PEM) that
 * sign its certificate ({@code caCert}).
 */
public record MetadataServiceSpec(String driver, String host, int port, String audience, byte[] caCert) {

    public MetadataServiceSpec {
        caCert = caCert.clone();
    }

    /**
     * Reads the spec's fields as the resource holds them ({@code caCert} base64-encoded).
     *
     * @throws IllegalArgumentException naming the field of resource {@code driver} that is missing or invalid
     */
    public static MetadataServiceSpec of(String driver, Object address, Object audience, Object caCert) {
        String where = "SnapshotMetadataService " + driver + ": spec.";
        String hostPort = text(where, "address", address);
        int colon = hostPort.lastIndexOf(':');
        if (colon <= 0 || colon == hostPort.length() - 1) {
            throw new IllegalArgumentException(where + "address must be host:port, was '" + hostPort + "'");
        }
        String host = hostPort.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(hostPort.substring(colon + 1));
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException(where + "address has no valid port: '" + hostPort + "'");
        }
        byte[] ca;
        try {
            ca = Base64.getMimeDecoder().decode(text(where, "caCert", caCert));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + "caCert is not base64: " + e.getMessage(), e);
        }
        return new MetadataServiceSpec(driver, host, port, text(where, "audience", audience), ca);
    }

    private static String text(String where, String field, Object value) {
        if (!(value instanceof String text) || text.isBlank()) {
            throw new IllegalArgumentException(where + field + " is missing");
        }
        return text.strip();
    }

    @Override
    public byte[] caCert() {
        return caCert.clone();
    }

    public String address() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof MetadataServiceSpec spec && driver.equals(spec.driver) && host.equals(spec.host)
                && port == spec.port && audience.equals(spec.audience) && Arrays.equals(caCert, spec.caCert);
    }

    @Override
    public int hashCode() {
        return Objects.hash(driver, host, port, audience, Arrays.hashCode(caCert));
    }

    @Override
    public String toString() {
        return "SnapshotMetadataService " + driver + " at " + address() + " (audience " + audience + ")";
    }
}
