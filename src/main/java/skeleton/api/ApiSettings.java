package skeleton.api;

import java.nio.file.Path;
import java.util.Optional;

import skeleton.config.Problems;
import skeleton.config.Settings;
import skeleton.config.SettingsReader;

/**
 * The API side's own settings, read from {@link Settings} and checked together: every bad value is reported at once,
 * naming the key, the value and where it was set.
 */
public record ApiSettings(Path endpointsFile, String endpointsFileShown, String host, int httpsPort, Integer httpPort,
                          Path certificate, Path key, CorsPolicy cors, String tokenUrl, String authUrl,
                          String apiKeyHeader, long maxBodyBytes, int maxJsonDepth, String title) {

    public static ApiSettings from(Settings settings, Problems problems) {
        SettingsReader r = new SettingsReader(settings, problems);
        String endpoints = r.text("ENDPOINTS_FILE", "maps/endpoint.json");
        int https = r.port("HTTPS_PORT", 8443);
        Integer http = r.optional("HTTP_PORT").isPresent() ? r.port("HTTP_PORT", 0) : null;
        if (http != null && http == https) {
            r.problem("HTTP_PORT " + http + " (set in " + r.origin("HTTP_PORT") + ") is the same as HTTPS_PORT");
        }
        // Keycloak's endpoints of the realm, when the realm is known; the original's defaults otherwise
        Optional<String> iam = r.optional("IAM_SERVER_URL").map(u -> u.endsWith("/") ? u.substring(0, u.length() - 1) : u);
        CorsPolicy cors = CorsPolicy.parse(r.text("CORS_ALLOWED_ORIGINS", "[]"),
                r.bool("CORS_ALLOW_CREDENTIALS", false), "CORS_ALLOWED_ORIGINS (set in "
                        + r.origin("CORS_ALLOWED_ORIGINS") + ")", problems);
        return new ApiSettings(Path.of(endpoints), endpoints, r.text("HTTP_HOST", "0.0.0.0"), https, http,
                Path.of(r.text("CERTIFICATE_APP", "tls/localhost.crt")),
                Path.of(r.text("KEY_APP", "tls/localhost.key")), cors,
                r.url("TOKEN_URL", iam.map(u -> u + "/protocol/openid-connect/token")
                        .orElse("https://localhost:4000/oauth2/login")),
                r.url("AUTH_URL", iam.map(u -> u + "/protocol/openid-connect/auth")
                        .orElse("https://localhost:4000/oauth2/authorize")),
                r.text("API_KEY_HEADER", "X-API-Key"),
                r.number("MAX_BODY_BYTES", 1_048_576, 1, Integer.MAX_VALUE),
                (int) r.number("MAX_JSON_DEPTH", 32, 1, 1000),
                r.text("API_TITLE", "Consumer Skeleton API"));
    }

    public Optional<Integer> plainHttpPort() {
        return Optional.ofNullable(httpPort);
    }
}
