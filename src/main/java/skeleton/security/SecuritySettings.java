package skeleton.security;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import skeleton.config.Problems;
import skeleton.config.Settings;
import skeleton.config.SettingsReader;

/**
 * The security settings, read from {@link Settings} and checked together; every bad value is reported with its key,
 * its value and where it was set. {@code realm} is IAM_SERVER_URL (the realm's URL, for OpenID discovery),
 * {@code jwks} an explicit IAM_JWKS_URL, {@code issuer} the expected {@code iss} (default: the discovered one).
 */
public record SecuritySettings(boolean disabled, String disabledOrigin, Optional<URI> realm, Optional<URI> jwks,
                               Optional<String> issuer, Optional<String> audience, Optional<String> clientId,
                               Duration clockSkew, Duration refreshMin, int tokenCacheSize, Path apiKeysFile,
                               Optional<String> apiKeysText, String apiKeyHeader) {

    public static SecuritySettings from(Settings settings, String apiKeyHeader, boolean devMode, Problems problems) {
        SettingsReader r = new SettingsReader(settings, problems);
        boolean disabled = r.bool("DISABLE_SECURITY", false);
        if (disabled && !devMode) {
            r.problem("DISABLE_SECURITY=true (set in " + r.origin("DISABLE_SECURITY") + ") is refused: "
                    + "this worker is not in dev mode (DB_URL or DB_HOST is set), and security can be turned off "
                    + "only in dev mode; remove DISABLE_SECURITY");
        }
        String location = r.text("JWT_TOKEN_LOCATION", "headers");
        if (!location.equals("headers")) {
            r.problem("JWT_TOKEN_LOCATION", location,
                    "is not supported: tokens are read from the Authorization header only; set it to headers");
        }
        Optional<URI> realm = url(r, "IAM_SERVER_URL");
        Optional<URI> jwks = url(r, "IAM_JWKS_URL");
        Optional<String> issuer = r.optional("IAM_ISSUER");
        if (jwks.isPresent() && realm.isEmpty() && issuer.isEmpty()) {
            r.problem("IAM_JWKS_URL (set in " + r.origin("IAM_JWKS_URL") + ") needs IAM_ISSUER, the issuer "
                    + "that tokens must carry (or set IAM_SERVER_URL, whose discovery names it)");
        }
        Duration skew = Duration.ofSeconds(r.number("JWT_CLOCK_SKEW_SECONDS", 30, 0, 300));
        Duration refresh = Duration.ofSeconds(r.number("JWKS_REFRESH_MIN_SECONDS", 30, 1, 3600));
        int cacheSize = (int) r.number("JWT_CACHE_SIZE", 10_000, 0, 1_000_000);
        Optional<String> audience = r.optional("IAM_AUDIENCE");
        return new SecuritySettings(disabled, r.origin("DISABLE_SECURITY"), realm, jwks, issuer, audience,
                r.optional("IAM_CLIENT_ID").or(() -> audience), skew, refresh, cacheSize,
                Path.of(r.text("API_KEYS_FILE", "maps/apikeys.json")), r.optional("API_KEYS"), apiKeyHeader);
    }

    /** Whether bearer tokens can be checked at all: a realm to discover or a JWKS URL. */
    public boolean iamConfigured() {
        return realm.isPresent() || jwks.isPresent();
    }

    /** Where the keys come from, for messages: the JWKS URL when given, else the realm. */
    public String iamShown() {
        return jwks.or(() -> realm).map(URI::toString).orElse("(no IAM: IAM_SERVER_URL and IAM_JWKS_URL are unset)");
    }

    /** An http(s) URL without query (a trailing slash dropped), or empty when unset or not one. */
    private static Optional<URI> url(SettingsReader r, String key) {
        Optional<String> value = r.optional(key);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        String text = value.get().endsWith("/") ? value.get().substring(0, value.get().length() - 1) : value.get();
        if (!text.matches("https?://[^\\s/?#]+(/[^\\s?#]*)?")) {
            r.problem(key, value.get(), "is not an http(s) URL without query, e.g. http://localhost:8180/realms/skeleton");
            return Optional.empty();
        }
        return Optional.of(URI.create(text));
    }
}
