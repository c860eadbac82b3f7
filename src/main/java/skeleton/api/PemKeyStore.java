package skeleton.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;

import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * Loads a PEM certificate chain and its PEM private key (PKCS#1, PKCS#8 or EC, unencrypted) into an in-memory
 * {@link KeyStore}, since Camel's SSL settings take key stores, not PEM files.
 */
public final class PemKeyStore {

    /** The password of the in-memory store; it never leaves the process. */
    public static final char[] PASSWORD = "in-memory".toCharArray();

    private PemKeyStore() {
    }

    public static KeyStore load(Path certificateFile, String certificateKey, Path keyFile, String keyKey) {
        Certificate[] chain = certificates(certificateFile, certificateKey);
        PrivateKey key = privateKey(keyFile, keyKey);
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("server", key, PASSWORD, chain);
            return store;
        } catch (Exception e) {
            throw new IllegalStateException("the key in " + keyFile + " (" + keyKey + ") does not fit the certificate in "
                    + certificateFile + " (" + certificateKey + "): " + e.getMessage(), e);
        }
    }

    /** The first certificate of a PEM file, for logging what is served. */
    public static X509Certificate first(Path certificateFile, String shownAs) {
        return (X509Certificate) certificates(certificateFile, shownAs)[0];
    }

    private static Certificate[] certificates(Path file, String settingKey) {
        try (InputStream in = Files.newInputStream(file)) {
            Collection<? extends Certificate> all = CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (all.isEmpty()) {
                throw new IllegalStateException(file + " (" + settingKey + ") holds no PEM certificate");
            }
            return all.toArray(new Certificate[0]);
        } catch (IOException | CertificateException e) {
            throw new IllegalStateException("cannot read the certificate " + file + " (" + settingKey + "): "
                    + e.getMessage(), e);
        }
    }

    private static PrivateKey privateKey(Path file, String settingKey) {
        try (Reader reader = Files.newBufferedReader(file); PEMParser parser = new PEMParser(reader)) {
            Object object = parser.readObject();
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            if (object instanceof PEMKeyPair pair) {
                return converter.getKeyPair(pair).getPrivate();
            }
            if (object instanceof PrivateKeyInfo info) {
                return converter.getPrivateKey(info);
            }
            throw new IllegalStateException(file + " (" + settingKey + ") holds no unencrypted PEM private key"
                    + (object == null ? "" : ", found " + object.getClass().getSimpleName()));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the private key " + file + " (" + settingKey + "): "
                    + e.getMessage(), e);
        }
    }
}
