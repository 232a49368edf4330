package io.datamover.transfer.it;

import io.smallrye.certs.CertificateFiles;
import io.smallrye.certs.CertificateGenerator;
import io.smallrye.certs.CertificateRequest;
import io.smallrye.certs.Format;
import io.smallrye.certs.Pkcs12CertificateFiles;
import io.smallrye.certs.ca.CaGenerator;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * Authorities and site certificates generated for one test run, as PKCS12 files under a directory. Every
 * certificate names {@code localhost} and {@code 127.0.0.1}, where the test sites listen.
 */
final class TestCertificates {

    static final String PASSWORD = "test-password";

    private final Path dir;
    private final Path trustStore;
    private final X509Certificate authority;
    private final PrivateKey authorityKey;

    private TestCertificates(Path dir, Path trustStore, X509Certificate authority, PrivateKey authorityKey) {
        this.dir = dir;
        this.trustStore = trustStore;
        this.authority = authority;
        this.authorityKey = authorityKey;
    }

    /** A new authority named {@code name}, whose trust store is {@link #trustStore()}. */
    static TestCertificates authority(Path dir, String name) throws Exception {
        Files.createDirectories(dir);
        Path keyStore = dir.resolve(name + "-ca.p12");
        CaGenerator generator = new CaGenerator(dir.resolve(name + "-ca.crt").toFile(),
                dir.resolve(name + "-ca.key").toFile(), keyStore.toFile(), PASSWORD);
        X509Certificate certificate = generator.generate(name, "datamover tests", null, null, null, null);
        Path trustStore = dir.resolve(name + "-ca-truststore.p12");
        generator.generateTrustStore(trustStore.toFile());
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStore)) {
            store.load(in, PASSWORD.toCharArray());
        }
        PrivateKey key = (PrivateKey) store.getKey(CaGenerator.KEYSTORE_KEY_ENTRY, PASSWORD.toCharArray());
        return new TestCertificates(dir.resolve(name), trustStore, certificate, key);
    }

    /** PKCS12 file holding the authority's certificate. */
    Path trustStore() {
        return trustStore;
    }

    /** A PKCS12 key store with a key and a certificate for {@code site}, signed by this authority. */
    Path keyStore(String site) throws Exception {
        Files.createDirectories(dir);
        List<CertificateFiles> files = new CertificateGenerator(dir, true).generate(new CertificateRequest()
                .withName(site)
                .withCN("localhost")
                .withFormat(Format.PKCS12)
                .withPassword(PASSWORD)
                .signedWith(authority, authorityKey));
        return ((Pkcs12CertificateFiles) files.get(0)).keyStoreFile();
    }
}
