package skeleton.security;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import skeleton.api.Problems;
import skeleton.config.Settings;

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
        String disabledText = settings.get("DISABLE_SECURITY", "false");
        boolean disabled = disabledText.equalsIgnoreCase("true");
        if (!disabled && !disabledText.equalsIgnoreCase("false")) {
            problems.add("DISABLE_SECURITY \"" + disabledText + "\" (set in " + settings.origin("DISABLE_SECURITY")
                    + ") is not true or false");
        }
        if (disabled && !devMode) {
            problems.add("DISABLE_SECURITY=true (set in " + settings.origin("DISABLE_SECURITY") + ") is refused: "
                    + "this worker is not in dev mode (DB_URL or DB_HOST is set), and security can be turned off "
                    + "only in dev mode; remove DISABLE_SECURITY");
        }
        String location = settings.get("JWT_TOKEN_LOCATION", "headers");
        if (!location.equals("headers")) {
            problems.add("JWT_TOKEN_LOCATION \"" + location + "\" (set in " + settings.origin("JWT_TOKEN_LOCATION")
                    + ") is not supported: tokens are read from the Authorization header only; set it to headers");
        }
        Optional<URI> realm = url(settings, "IAM_SERVER_URL", problems);
        Optional<URI> jwks = url(settings, "IAM_JWKS_URL", problems);
        Optional<String> issuer = settings.get("IAM_ISSUER");
        if (jwks.isPresent() && realm.isEmpty() && issuer.isEmpty()) {
            problems.add("IAM_JWKS_URL (set in " + settings.origin("IAM_JWKS_URL") + ") needs IAM_ISSUER, the issuer "
                    + "that tokens must carry (or set IAM_SERVER_URL, whose discovery names it)");
        }
        Duration skew = Duration.ofSeconds(number(settings, "JWT_CLOCK_SKEW_SECONDS", "30", 0, 300, problems));
        Duration refresh = Duration.ofSeconds(number(settings, "JWKS_REFRESH_MIN_SECONDS", "30", 1, 3600, problems));
        int cacheSize = (int) number(settings, "JWT_CACHE_SIZE", "10000", 0, 1_000_000, problems);
        Optional<String> audience = settings.get("IAM_AUDIENCE");
        return new SecuritySettings(disabled, settings.origin("DISABLE_SECURITY"), realm, jwks, issuer, audience,
                settings.get("IAM_CLIENT_ID").or(() -> audience), skew, refresh, cacheSize,
                Path.of(settings.get("API_KEYS_FILE", "maps/apikeys.json")), settings.get("API_KEYS"), apiKeyHeader);
    }

    /** Whether bearer tokens can be checked at all: a realm to discover or a JWKS URL. */
    public boolean iamConfigured() {
        return realm.isPresent() || jwks.isPresent();
    }

    /** Where the keys come from, for messages: the JWKS URL when given, else the realm. */
    public String iamShown() {
        return jwks.or(() -> realm).map(URI::toString).orElse("(no IAM: IAM_SERVER_URL and IAM_JWKS_URL are unset)");
    }

    private static Optional<URI> url(Settings settings, String key, Problems problems) {
        Optional<String> value = settings.get(key);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        String text = value.get().endsWith("/") ? value.get().substring(0, value.get().length() - 1) : value.get();
        if (!text.matches("https?://[^\\s/?#]+(/[^\\s?#]*)?")) {
            problems.add(key + " \"" + value.get() + "\" (set in " + settings.origin(key) + ") is not an http(s) URL "
                    + "without query, e.g. http://localhost:8180/realms/skeleton");
            return Optional.empty();
        }
        return Optional.of(URI.create(text));
    }

    private static long number(Settings settings, String key, String fallback, long min, long max, Problems problems) {
        String value = settings.get(key, fallback);
        try {
            long n = Long.parseLong(value);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        problems.add(key + " \"" + value + "\" (set in " + settings.origin(key) + ") is not a whole number "
                + (key.endsWith("SECONDS") ? "of seconds " : "") + "from " + min + " to " + max);
        return min;
    }
}
