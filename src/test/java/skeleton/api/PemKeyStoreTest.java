package skeleton.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.KeyStore;
import java.security.PrivateKey;

import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PemKeyStoreTest {

    @TempDir
    Path dir;

    @Test
    void loads_the_generated_dev_certificate_and_its_key() throws Exception {
        DevCertificate.generate(dir.resolve("tls/localhost.crt"), dir.resolve("tls/localhost.key"));

        KeyStore store = PemKeyStore.load(dir.resolve("tls/localhost.crt"), "CERTIFICATE_APP",
                dir.resolve("tls/localhost.key"), "KEY_APP");

        assertThat(store.getKey("server", PemKeyStore.PASSWORD)).isNotNull();
        assertThat(Files.readString(dir.resolve("tls/localhost.key"))).startsWith("-----BEGIN RSA PRIVATE KEY-----");
        // a HashSet: its order changes from run to run
        assertThat(Files.getPosixFilePermissions(dir.resolve("tls/localhost.key")))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    }

    @Test
    void loads_a_pkcs8_key() throws Exception {
        DevCertificate.generate(dir.resolve("c.crt"), dir.resolve("pkcs1.key"));
        KeyStore first = PemKeyStore.load(dir.resolve("c.crt"), "CERTIFICATE_APP", dir.resolve("pkcs1.key"), "KEY_APP");
        try (Writer out = Files.newBufferedWriter(dir.resolve("pkcs8.key")); JcaPEMWriter pem = new JcaPEMWriter(out)) {
            pem.writeObject(new JcaPKCS8Generator((PrivateKey) first.getKey("server", PemKeyStore.PASSWORD), null));
        }

        KeyStore store = PemKeyStore.load(dir.resolve("c.crt"), "CERTIFICATE_APP", dir.resolve("pkcs8.key"), "KEY_APP");

        assertThat(Files.readString(dir.resolve("pkcs8.key"))).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(store.getCertificate("server")).isNotNull();
    }

    @Test
    void names_the_setting_of_a_file_that_is_not_a_key() throws Exception {
        DevCertificate.generate(dir.resolve("c.crt"), dir.resolve("c.key"));

        assertThatThrownBy(() -> PemKeyStore.load(dir.resolve("c.crt"), "CERTIFICATE_APP", dir.resolve("c.crt"), "KEY_APP"))
                .hasMessage(dir.resolve("c.crt") + " (KEY_APP) holds no unencrypted PEM private key, found X509CertificateHolder");
    }
}
