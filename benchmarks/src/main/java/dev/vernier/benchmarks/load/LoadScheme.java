package dev.vernier.benchmarks.load;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Plain HTTP, or HTTPS against a simulator whose certificate comes from a CA it makes at start
 * ({@code --tls-ca-out}): Vernier trusts that CA through the {@code ca_file} option, the raw JDK
 * client through an {@link SSLContext}.
 *
 * @param caFile where the simulator writes its CA certificate (PEM); null for plain HTTP
 */
record LoadScheme(Path caFile) {

    static LoadScheme http() {
        return new LoadScheme(null);
    }

    /** HTTPS, the CA file in a new temporary folder. */
    static LoadScheme https() throws IOException {
        Path dir = Files.createTempDirectory("vernier-load-tls");
        dir.toFile().deleteOnExit();
        Path ca = dir.resolve("simulator-ca.pem");
        ca.toFile().deleteOnExit();
        return new LoadScheme(ca);
    }

    /** {@code http} or {@code https}. */
    static LoadScheme named(String name) throws IOException {
        return switch (name) {
            case "http" -> http();
            case "https" -> https();
            default -> throw new IllegalArgumentException("unknown scheme " + name + " (http or https)");
        };
    }

    boolean tls() {
        return caFile != null;
    }

    String name() {
        return tls() ? "https" : "http";
    }

    /** Options for Vernier's provider on top of model and base URL. */
    Map<String, Object> providerOptions() {
        return tls() ? Map.of("ca_file", caFile.toString()) : Map.of();
    }

    /** For the raw JDK client: trusts the simulator's CA (HTTPS), or null (HTTP). */
    SSLContext jdkContext() {
        if (!tls()) {
            return null;
        }
        try (InputStream in = Files.newInputStream(caFile)) {
            Certificate ca = CertificateFactory.getInstance("X.509").generateCertificate(in);
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            store.setCertificateEntry("simulator-ca", ca);
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot trust the simulator's CA " + caFile + ": " + e.getMessage(), e);
        }
    }
}
