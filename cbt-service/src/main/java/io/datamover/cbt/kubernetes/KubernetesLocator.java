package io.datamover.cbt.kubernetes;

import io.datamover.cbt.domain.MetadataServiceSpec;
import io.datamover.cbt.grpc.Channels;
import io.datamover.cbt.grpc.MetadataEndpoint;
import io.datamover.cbt.grpc.MetadataServiceLocator;
import io.datamover.cbt.grpc.NoMetadataServiceException;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The SnapshotMetadata service of a CSI driver on Kubernetes: its {@code SnapshotMetadataService} resource is read
 * before each call (so a moved or removed service is noticed), a TLS channel trusting the resource's CA is kept
 * while the resource stays the same, and each request carries a token of this service's account for the
 * resource's audience.
 */
public final class KubernetesLocator implements MetadataServiceLocator {

    private static final Logger LOG = Logger.getLogger(KubernetesLocator.class);

    private final String driver;
    private final SnapshotMetadataServices services;
    private final ServiceAccountTokens tokens;
    private MetadataServiceSpec current;
    private ManagedChannel channel;

    public KubernetesLocator(String driver, SnapshotMetadataServices services, ServiceAccountTokens tokens) {
        this.driver = driver;
        this.services = services;
        this.tokens = tokens;
    }

    @Override
    public MetadataEndpoint locate() {
        MetadataServiceSpec spec = services.find(driver).orElseThrow(() -> new NoMetadataServiceException(
                "CSI driver " + driver + " has no " + SnapshotMetadataServices.KIND + " resource (group "
                        + SnapshotMetadataServices.GROUP + "): it offers no changed block tracking"));
        return new MetadataEndpoint(channel(spec), tokens.token(spec.audience()).token(), spec.toString());
    }

    private synchronized ManagedChannel channel(MetadataServiceSpec spec) {
        if (!spec.equals(current)) {
            ManagedChannel next;
            try {
                next = Channels.tls(spec.host(), spec.port(), Optional.of(spec.caCert()));
            } catch (IllegalArgumentException e) {
                throw Status.INVALID_ARGUMENT.withDescription(spec + ": spec.caCert is " + e.getMessage())
                        .asRuntimeException();
            }
            if (channel != null) {
                Channels.close(channel);
            }
            LOG.infof("SnapshotMetadata calls go to %s", spec);
            channel = next;
            current = spec;
        }
        return channel;
    }

    @Override
    public void refused(MetadataEndpoint endpoint) {
        tokens.forget(endpoint.securityToken());
    }

    @Override
    public synchronized void close() {
        if (channel != null) {
            Channels.close(channel);
        }
    }
}
