package dev.vernier.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A private certificate authority made at test time (BouncyCastle builds the certificates; the JDK
 * makes the keys and signs), and server certificates it issues: for servers on this machine that
 * speak TLS (the TLS {@link StreamingSimulator}, {@link HttpProxyServer} tests). Nothing is read from
 * or written to disk unless asked ({@link #writeCaPem}).
 *
 * <p>Needs {@code org.bouncycastle:bcpkix-jdk18on} on the class path (an optional dependency of the
 * testkit: add it in test scope).
 */
public final class TestCertificates {

    private static final AtomicLong SERIALS = new AtomicLong(System.currentTimeMillis());

    private final KeyPair caKeys;
    private final X509Certificate ca;
    private final X500Name caName;

    private TestCertificates(String name) {
        try {
            this.caKeys = keys();
            this.caName = new X500Name("CN=" + name);
            X509v3CertificateBuilder builder = builder(caName, caKeys);
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            builder.addExtension(
                    Extension.keyUsage,
                    true,
                    new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature));
            this.ca = new JcaX509CertificateConverter().getCertificate(builder.build(signer(caKeys)));
        } catch (GeneralSecurityException | IOException | OperatorCreationException e) {
            throw new IllegalStateException("cannot make a test CA", e);
        }
    }

    /** A new CA named {@code name} (valid from an hour ago for two days). */
    public static TestCertificates authority(String name) {
        return new TestCertificates(name);
    }

    /** The CA's certificate. */
    public X509Certificate caCertificate() {
        return ca;
    }

    /** The CA's certificate in PEM form. */
    public String caPem() {
        try {
            return pem("CERTIFICATE", ca.getEncoded());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes {@link #caPem()} to {@code file} and returns it. */
    public Path writeCaPem(Path file) {
        try {
            Files.writeString(file, caPem(), StandardCharsets.US_ASCII);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A server identity issued by this CA for {@code 127.0.0.1} and {@code localhost} (subject
     * alternative names), as a server {@link SSLContext}.
     */
    public SSLContext serverContext() {
        return serverContext("localhost", "127.0.0.1");
    }

    /**
     * A server identity issued by this CA for the given DNS names and IP addresses.
     *
     * @param names DNS names and IP literals the certificate is valid for
     */
    public SSLContext serverContext(String... names) {
        try {
            Leaf leaf = leaf(names);
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            char[] password = "test".toCharArray();
            store.setKeyEntry(
                    "server", leaf.keys().getPrivate(), password, new X509Certificate[] {leaf.certificate(), ca});
            KeyManagerFactory managers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            managers.init(store, password);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(managers.getKeyManagers(), null, new SecureRandom());
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot make a test server certificate", e);
        }
    }

    /**
     * A server identity issued by this CA for {@code 127.0.0.1} and {@code localhost}, written in PEM
     * form for servers that are not Java (e.g. Node's {@code https.createServer({cert, key})}):
     * {@code certificateFile} gets the certificate followed by this CA's, {@code keyFile} the private
     * key (PKCS#8, unencrypted).
     */
    public void writeServerPem(Path certificateFile, Path keyFile) {
        try {
            Leaf leaf = leaf("localhost", "127.0.0.1");
            Files.writeString(
                    certificateFile,
                    pem("CERTIFICATE", leaf.certificate().getEncoded()) + caPem(),
                    StandardCharsets.US_ASCII);
            Files.writeString(
                    keyFile, pem("PRIVATE KEY", leaf.keys().getPrivate().getEncoded()), StandardCharsets.US_ASCII);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot make a test server certificate", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private record Leaf(KeyPair keys, X509Certificate certificate) {}

    private Leaf leaf(String... names) throws GeneralSecurityException {
        try {
            KeyPair keys = keys();
            X509v3CertificateBuilder builder = builder(new X500Name("CN=" + names[0]), keys);
            GeneralName[] alternatives = new GeneralName[names.length];
            for (int i = 0; i < names.length; i++) {
                boolean ip = names[i].matches("[0-9.]+") || names[i].contains(":");
                alternatives[i] = new GeneralName(ip ? GeneralName.iPAddress : GeneralName.dNSName, names[i]);
            }
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(alternatives));
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            return new Leaf(keys, new JcaX509CertificateConverter().getCertificate(builder.build(signer(caKeys))));
        } catch (IOException | OperatorCreationException e) {
            throw new IllegalStateException("cannot make a test server certificate", e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    /** A certificate issued by this CA for {@code subject}'s keys, valid from an hour ago for two days. */
    private X509v3CertificateBuilder builder(X500Name subject, KeyPair subjectKeys) {
        Instant now = Instant.now();
        return new JcaX509v3CertificateBuilder(
                caName,
                BigInteger.valueOf(SERIALS.incrementAndGet()),
                Date.from(now.minus(Duration.ofHours(1))),
                Date.from(now.plus(Duration.ofDays(2))),
                subject,
                subjectKeys.getPublic());
    }

    private static KeyPair keys() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    private static ContentSigner signer(KeyPair keys) throws OperatorCreationException {
        return new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate());
    }
}
