package io.datamover.cbt.support;

import io.datamover.runtime.Ports;
import io.smallrye.certs.CertificateGenerator;
import io.smallrye.certs.CertificateRequest;
import io.smallrye.certs.Format;
import io.smallrye.certs.PemCertificateFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The real block store as a process whose SnapshotMetadata service stands in for a CSI driver's sidecar: it accepts
 * only the given tokens ({@code datamover.snapshot-metadata.token-file}) and also listens with TLS on
 * {@link #tlsPort()}, with a self-signed certificate for {@code localhost} ({@link #caFile()} to trust).
 */
public final class SecuredBlockStore implements AutoCloseable {

    private final BlockStoreProcess store;
    private final int tlsPort;
    private final Path caFile;

    private SecuredBlockStore(BlockStoreProcess store, int tlsPort, Path caFile) {
        this.store = store;
        this.tlsPort = tlsPort;
        this.caFile = caFile;
    }

    public static SecuredBlockStore start(String site, Path dir, List<String> acceptedTokens) throws IOException {
        Files.createDirectories(dir);
        Path tokens = Files.write(dir.resolve("accepted-tokens"), acceptedTokens);
        PemCertificateFiles pem;
        try {
            pem = (PemCertificateFiles) new CertificateGenerator(dir, true).generate(new CertificateRequest()
                    .withName("store").withCN("localhost").withFormat(Format.PEM)).get(0);
        } catch (Exception e) {
            throw new IOException("cannot generate the store's certificate in " + dir, e);
        }
        int tlsPort = Ports.free();
        BlockStoreProcess store = BlockStoreProcess.start(site, Map.of(
                "datamover.snapshot-metadata.token-file", tokens.toString(),
                "datamover.tls.cert-file", pem.certFile().toString(),
                "datamover.tls.key-file", pem.keyFile().toString(),
                "quarkus.http.ssl-port", Integer.toString(tlsPort)), dir.resolve("block-store.log"));
        return new SecuredBlockStore(store, tlsPort, pem.trustFile());
    }

    /** The store's plain HTTP URL (REST and plaintext gRPC). */
    public String url() {
        return store.url();
    }

    /** The port of the store's TLS listener (REST and gRPC). */
    public int tlsPort() {
        return tlsPort;
    }

    /** The PEM certificate that signs the TLS listener's (itself). */
    public Path caFile() {
        return caFile;
    }

    @Override
    public void close() {
        store.close();
    }
}
