package dev.vernier.provider.http;

import dev.vernier.core.api.ConfigException;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * The TLS client context of the transport: the JDK's {@code SSLEngine}, the system trust store, plus
 * the certificates of a {@code ca_file} for private servers, and host name verification ({@code HTTPS}
 * endpoint identification: the certificate must name the URL's host or IP address).
 */
final class TlsTrust {

    private TlsTrust() {}

    /**
     * Checks a {@code ca_file} at option time.
     *
     * @throws ConfigException naming {@code ca_file} when the file cannot be read or holds no PEM certificate
     */
    static void check(Path caFile) throws ConfigException {
        try {
            read(caFile);
        } catch (IOException e) {
            throw new ConfigException(
                    "ca_file",
                    "'ca_file' " + caFile + " cannot be read (" + e.getClass().getSimpleName()
                            + "). Fix: give the path of your server's CA certificate in PEM form, relative to the suite file");
        } catch (CertificateException e) {
            throw new ConfigException(
                    "ca_file",
                    "'ca_file' " + caFile + " holds no PEM certificate. Fix: give the CA certificate in PEM form"
                            + " (a file starting with -----BEGIN CERTIFICATE-----)");
        }
    }

    /** The certificates of a PEM file (one or more). */
    static List<X509Certificate> read(Path caFile) throws IOException, CertificateException {
        try (InputStream in = Files.newInputStream(caFile)) {
            Collection<? extends Certificate> all =
                    CertificateFactory.getInstance("X.509").generateCertificates(in);
            List<X509Certificate> certificates = new ArrayList<>();
            for (Certificate c : all) {
                certificates.add((X509Certificate) c);
            }
            if (certificates.isEmpty()) {
                throw new CertificateException("no certificate");
            }
            return certificates;
        }
    }

    /** A client context trusting the system trust store and the certificates of {@code caFile} (may be null). */
    static SslContext client(Path caFile) throws SSLException {
        List<X509Certificate> extra = List.of();
        if (caFile != null) {
            try {
                extra = read(caFile);
            } catch (IOException | CertificateException e) {
                throw new SSLException("cannot read ca_file " + caFile + ": " + e.getMessage(), e);
            }
        }
        return client(extra, true);
    }

    /**
     * A client context.
     *
     * @param extra  certificates trusted as CAs
     * @param system whether the system trust store is trusted too
     */
    static SslContext client(List<X509Certificate> extra, boolean system) throws SSLException {
        SslContextBuilder builder =
                SslContextBuilder.forClient().sslProvider(SslProvider.JDK).endpointIdentificationAlgorithm("HTTPS");
        if (!extra.isEmpty() || !system) {
            builder.trustManager(trustManagers(extra, system));
        }
        return builder.build();
    }

    private static TrustManagerFactory trustManagers(List<X509Certificate> extra, boolean system) throws SSLException {
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int n = 0;
            if (system) {
                TrustManagerFactory defaults =
                        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                defaults.init((KeyStore) null);
                for (TrustManager tm : defaults.getTrustManagers()) {
                    if (tm instanceof X509TrustManager x509) {
                        for (X509Certificate c : x509.getAcceptedIssuers()) {
                            store.setCertificateEntry("system-" + n++, c);
                        }
                    }
                }
            }
            for (X509Certificate c : extra) {
                store.setCertificateEntry("ca-file-" + n++, c);
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            return factory;
        } catch (GeneralSecurityException | IOException e) {
            throw new SSLException("cannot build the trust store: " + e.getMessage(), e);
        }
    }
}
