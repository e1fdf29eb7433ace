package dev.vernier.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestCertificatesTest {

    @Test
    void serverPemHoldsALeafForLoopbackSignedByTheCaAndTheKeyThatMatchesIt(@TempDir Path dir) throws Exception {
        TestCertificates ca = TestCertificates.authority("PEM test CA");
        Path certFile = dir.resolve("server.pem");
        Path keyFile = dir.resolve("server.key");

        ca.writeServerPem(certFile, keyFile);

        List<X509Certificate> chain = new ArrayList<>();
        for (Certificate c : CertificateFactory.getInstance("X.509")
                .generateCertificates(new ByteArrayInputStream(Files.readAllBytes(certFile)))) {
            chain.add((X509Certificate) c);
        }
        assertThat(chain).hasSize(2);
        X509Certificate leaf = chain.get(0);
        assertThat(chain.get(1)).isEqualTo(ca.caCertificate());
        leaf.verify(ca.caCertificate().getPublicKey()); // throws unless the CA signed it
        List<Object> names = new ArrayList<>();
        leaf.getSubjectAlternativeNames().forEach(name -> names.add(name.get(1)));
        assertThat(names).containsExactlyInAnyOrder("localhost", "127.0.0.1");

        String keyPem = Files.readString(keyFile, StandardCharsets.US_ASCII);
        assertThat(keyPem).startsWith("-----BEGIN PRIVATE KEY-----\n").endsWith("-----END PRIVATE KEY-----\n");
        byte[] der = Base64.getMimeDecoder()
                .decode(keyPem.replace("-----BEGIN PRIVATE KEY-----", "").replace("-----END PRIVATE KEY-----", ""));
        PrivateKey key = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(der));
        byte[] message = "signed by the server key".getBytes(StandardCharsets.UTF_8);
        Signature signer = Signature.getInstance("SHA256withECDSA");
        signer.initSign(key);
        signer.update(message);
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance("SHA256withECDSA");
        verifier.initVerify(leaf.getPublicKey());
        verifier.update(message);
        assertThat(verifier.verify(signature)).isTrue();
    }
}
