package skeleton.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

/**
 * A person's view of /docs: headless Chromium, driven by playwright-core (src/test/browser), uses "Try it out" on
 * the demo endpoint of maps/endpoint.json and sees 200; with security on, after entering an API key in "Authorize".
 * (skeleton.security.KeycloakIT logs in through the IAM in "Authorize".)
 */
class SwaggerUiBrowserIT {

    @Test
    void try_it_out_on_the_demo_endpoint_answers_200() throws Exception {
        // the docs in dev mode with security turned off; the next test calls with security on
        try (TestServer server = new TestServer(Map.of("ENDPOINTS_FILE", "maps/endpoint.json", "DISABLE_SECURITY", "true"))) {
            String output = BrowserScript.run(server.httpsPort, Map.of());

            assertThat(output).contains("response status 200").contains("\"path\": [ \"api:input\" ]");
        }
    }

    @Test
    void authorize_with_an_api_key_then_try_it_out_answers_200_and_without_it_401() throws Exception {
        String key = "csk_browser-test-" + UUID.randomUUID();
        String digest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(key.getBytes(StandardCharsets.UTF_8)));
        try (TestServer server = new TestServer(Map.of("ENDPOINTS_FILE", "maps/endpoint.json",
                "DISABLE_SECURITY", "false", "IAM_JWKS_URL", "http://127.0.0.1:9/unused", "IAM_ISSUER", "unused",
                "API_KEYS", "{\"keys\": [{\"name\": \"browser\", \"sha256\": \"" + digest + "\"}]}"))) {
            String authorized = BrowserScript.run(server.httpsPort, Map.of("API_KEY", key));
            String anonymous = BrowserScript.run(server.httpsPort, Map.of("EXPECTED_STATUS", "401"));

            assertThat(authorized).contains("authorized with the API key").contains("response status 200");
            assertThat(anonymous).contains("response status 401");
        }
    }
}
