package skeleton.api;

import java.nio.file.Files;
import java.security.KeyStore;
import java.security.cert.X509Certificate;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import skeleton.config.Problems;
import skeleton.config.Settings;

/**
 * Finds the HTTPS certificate and key named by CERTIFICATE_APP and KEY_APP and loads them into a key store. In dev
 * mode, when neither file exists, a self-signed certificate for localhost is generated there first.
 */
final class ServerCertificate {

    private static final Logger LOG = LoggerFactory.getLogger(ServerCertificate.class);

    private ServerCertificate() {
    }

    /** The key store to serve, or null after reporting the problem. */
    static KeyStore load(ApiSettings api, Settings settings, boolean devMode, Problems problems) {
        boolean certificate = Files.isRegularFile(api.certificate());
        boolean key = Files.isRegularFile(api.key());
        if (!certificate && !key && devMode) {
            X509Certificate generated = DevCertificate.generate(api.certificate(), api.key());
            LOG.warn("Generated a self-signed certificate for localhost into {} (key {}), valid until {}; browsers will "
                    + "warn about it. Set CERTIFICATE_APP and KEY_APP to serve a real one.", api.certificate(), api.key(),
                    generated.getNotAfter().toInstant());
        } else if (!certificate || !key) {
            if (!certificate) {
                problems.add("CERTIFICATE_APP " + api.certificate() + " (set in " + settings.origin("CERTIFICATE_APP")
                        + ") does not exist; HTTPS needs a PEM certificate" + (devMode ? " (or remove KEY_APP's file "
                        + "too to have a dev certificate generated)" : ""));
            }
            if (!key) {
                problems.add("KEY_APP " + api.key() + " (set in " + settings.origin("KEY_APP")
                        + ") does not exist; HTTPS needs the PEM private key of CERTIFICATE_APP");
            }
            return null;
        }
        try {
            KeyStore store = PemKeyStore.load(api.certificate(), "CERTIFICATE_APP", api.key(), "KEY_APP");
            X509Certificate served = PemKeyStore.first(api.certificate(), "CERTIFICATE_APP");
            LOG.info("HTTPS certificate {}: {} valid until {}", api.certificate(), served.getSubjectX500Principal(),
                    served.getNotAfter().toInstant());
            return store;
        } catch (IllegalStateException e) {
            problems.add(e.getMessage());
            return null;
        }
    }
}
