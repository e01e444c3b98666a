package dev.keyless.testing;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * A self-signed certificate for {@code localhost} and {@code 127.0.0.1}, made with the JDK's
 * keytool, exported as the PEM files {@code server.tls} takes and kept as a keystore the
 * clients trust (google-auth-library-java requires https).
 */
public record TestCertificate(KeyStore keyStore, Path certificatePem, Path privateKeyPem, Path serverKeyStore) {

    /** The password of {@link #serverKeyStore()} (a PKCS12 file with the key and certificate). */
    public static final char[] PASSWORD = "changeit".toCharArray();

    public static TestCertificate create(Path dir) throws Exception {
        Files.createDirectories(dir);
        Path p12 = dir.resolve("server.p12");
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Processes.Result r = Processes.run(List.of(keytool.toString(), "-genkeypair", "-alias", "keyless",
                "-keyalg", "RSA", "-keysize", "2048", "-validity", "2", "-dname", "CN=localhost",
                "-ext", "san=ip:127.0.0.1,dns:localhost", "-storetype", "PKCS12", "-keystore", p12.toString(),
                "-storepass", new String(PASSWORD), "-keypass", new String(PASSWORD)),
                Map.of(), dir, Duration.ofSeconds(60), null);
        if (r.exitCode() != 0) {
            throw new IllegalStateException("keytool failed: " + r.all());
        }
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(p12)) {
            ks.load(in, PASSWORD);
        }
        Certificate cert = ks.getCertificate("keyless");
        PrivateKey key = (PrivateKey) ks.getKey("keyless", PASSWORD);
        Path certPem = dir.resolve("cert.pem");
        Path keyPem = dir.resolve("key.pem");
        Files.writeString(certPem, pem("CERTIFICATE", cert.getEncoded()));
        Files.writeString(keyPem, pem("PRIVATE KEY", key.getEncoded())); // PKCS#8
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("keyless", cert);
        return new TestCertificate(trust, certPem, keyPem, p12);
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
