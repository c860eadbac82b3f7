package skeleton.api;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import skeleton.config.Settings;

/**
 * The API side's own settings, read from {@link Settings} and checked together: every bad value is reported at once,
 * naming the key, the value and where it was set.
 */
public record ApiSettings(Path endpointsFile, String endpointsFileShown, String host, int httpsPort, Integer httpPort,
                          Path certificate, Path key, CorsPolicy cors, String tokenUrl, String authUrl,
                          String apiKeyHeader, long maxBodyBytes, int maxJsonDepth, String title) {

    public static ApiSettings from(Settings settings, Problems problems) {
        Reader r = new Reader(settings, problems);
        String endpoints = settings.get("ENDPOINTS_FILE", "maps/endpoint.json");
        int https = r.port("HTTPS_PORT", "8443");
        Integer http = settings.get("HTTP_PORT").isPresent() ? r.port("HTTP_PORT", null) : null;
        if (http != null && http == https) {
            problems.add("HTTP_PORT " + http + " (set in " + settings.origin("HTTP_PORT") + ") is the same as HTTPS_PORT");
        }
        // Keycloak's endpoints of the realm, when the realm is known; the original's defaults otherwise
        Optional<String> iam = settings.get("IAM_SERVER_URL").map(u -> u.endsWith("/") ? u.substring(0, u.length() - 1) : u);
        CorsPolicy cors = CorsPolicy.parse(settings.get("CORS_ALLOWED_ORIGINS", "[]"),
                r.bool("CORS_ALLOW_CREDENTIALS", "false"), "CORS_ALLOWED_ORIGINS (set in "
                        + settings.origin("CORS_ALLOWED_ORIGINS") + ")", problems);
        return new ApiSettings(Path.of(endpoints), endpoints, settings.get("HTTP_HOST", "0.0.0.0"), https, http,
                Path.of(settings.get("CERTIFICATE_APP", "tls/localhost.crt")),
                Path.of(settings.get("KEY_APP", "tls/localhost.key")), cors,
                r.url("TOKEN_URL", iam.map(u -> u + "/protocol/openid-connect/token")
                        .orElse("https://localhost:4000/oauth2/login")),
                r.url("AUTH_URL", iam.map(u -> u + "/protocol/openid-connect/auth")
                        .orElse("https://localhost:4000/oauth2/authorize")),
                settings.get("API_KEY_HEADER", "X-API-Key"),
                r.number("MAX_BODY_BYTES", "1048576", 1, Integer.MAX_VALUE),
                (int) r.number("MAX_JSON_DEPTH", "32", 1, 1000),
                settings.get("API_TITLE", "Consumer Skeleton API"));
    }

    /** Where each key's value was set, for messages; reports bad values to the problems. */
    private record Reader(Settings settings, Problems problems) {

        int port(String key, String fallback) {
            return (int) number(key, fallback, 1, 65535);
        }

        long number(String key, String fallback, long min, long max) {
            String value = settings.get(key, fallback);
            try {
                long n = Long.parseLong(value);
                if (n >= min && n <= max) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            problems.add(key + " \"" + value + "\" (set in " + settings.origin(key) + ") is not a whole number from "
                    + min + " to " + max);
            return min;
        }

        boolean bool(String key, String fallback) {
            String value = settings.get(key, fallback);
            if (!List.of("true", "false").contains(value.toLowerCase())) {
                problems.add(key + " \"" + value + "\" (set in " + settings.origin(key) + ") is not true or false");
            }
            return Boolean.parseBoolean(value);
        }

        String url(String key, String fallback) {
            String value = settings.get(key, fallback);
            if (!value.matches("https?://[^\\s/]+(/\\S*)?")) {
                problems.add(key + " \"" + value + "\" (set in " + settings.origin(key) + ") is not an http(s) URL");
            }
            return value;
        }
    }

    public Optional<Integer> plainHttpPort() {
        return Optional.ofNullable(httpPort);
    }
}
