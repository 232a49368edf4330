package io.datamover.cbt.kubernetes;

import io.datamover.cbt.domain.MetadataServiceSpec;
import io.datamover.cbt.grpc.Channels;
import io.datamover.cbt.grpc.MetadataEndpoint;
import io.datamover.cbt.grpc.MetadataServiceLocator;
import io.datamover.cbt.grpc.NoMetadataServiceException;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The SnapshotMetadata service of a CSI driver on Kubernetes: the driver the snapshot names (its VolumeSnapshot's,
 * from the csi storage backend), else {@code datamover.cbt.csi-driver}. Its {@code SnapshotMetadataService} resource
 * is read before each call (so a moved or removed service is noticed), a TLS channel trusting the resource's CA is
 * kept per driver while its resource stays the same, and each request carries a token of this service's account for
 * the resource's audience.
 */
public final class KubernetesLocator implements MetadataServiceLocator {

    private static final Logger LOG = Logger.getLogger(KubernetesLocator.class);

    private final Optional<String> configuredDriver;
    private final SnapshotMetadataServices services;
    private final ServiceAccountTokens tokens;
    private final Map<String, Connection> connections = new HashMap<>();

    /** The channel to a driver's service as its resource described it. */
    private record Connection(MetadataServiceSpec spec, ManagedChannel channel) {
    }

    /** @param configuredDriver the driver of snapshots that name none ({@code datamover.cbt.csi-driver}) */
    public KubernetesLocator(Optional<String> configuredDriver, SnapshotMetadataServices services,
            ServiceAccountTokens tokens) {
        this.configuredDriver = configuredDriver;
        this.services = services;
        this.tokens = tokens;
    }

    @Override
    public MetadataEndpoint locate(Optional<String> driver) {
        String name = driver.or(() -> configuredDriver).orElseThrow(() -> new IllegalStateException("the snapshot"
                + " names no CSI driver (no csi field in its snapshot-taken) and datamover.cbt.csi-driver is not set"));
        MetadataServiceSpec spec = services.find(name).orElseThrow(() -> new NoMetadataServiceException(
                "CSI driver " + name + " has no " + SnapshotMetadataServices.KIND + " resource (group "
                        + SnapshotMetadataServices.GROUP + "): it offers no changed block tracking"));
        return new MetadataEndpoint(channel(name, spec), tokens.token(spec.audience()).token(), spec.toString());
    }

    private synchronized ManagedChannel channel(String driver, MetadataServiceSpec spec) {
        Connection current = connections.get(driver);
        if (current != null && current.spec().equals(spec)) {
            return current.channel();
        }
        ManagedChannel next;
        try {
            next = Channels.tls(spec.host(), spec.port(), Optional.of(spec.caCert()));
        } catch (IllegalArgumentException e) {
            throw Status.INVALID_ARGUMENT.withDescription(spec + ": spec.caCert is " + e.getMessage())
                    .asRuntimeException();
        }
        if (current != null) {
            Channels.close(current.channel());
        }
        LOG.infof("SnapshotMetadata calls for CSI driver %s go to %s", driver, spec);
        connections.put(driver, new Connection(spec, next));
        return next;
    }

    @Override
    public void refused(MetadataEndpoint endpoint) {
        tokens.forget(endpoint.securityToken());
    }

    @Override
    public synchronized void close() {
        connections.values().forEach(connection -> Channels.close(connection.channel()));
        connections.clear();
    }
}
