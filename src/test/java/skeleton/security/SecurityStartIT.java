package skeleton.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.apache.camel.main.Main;
import org.junit.jupiter.api.Test;

import skeleton.api.ApiModule;
import skeleton.api.TestServer;
import skeleton.config.Settings;
import skeleton.testing.HeldPort;

/**
 * How the security settings decide the start: outside dev mode an IAM that cannot be read, or an oauth2-only
 * endpoint with no IAM configured, refuses it; in dev mode an IAM that comes up after the worker is used without a
 * restart.
 */
class SecurityStartIT extends SecuredServer {

    @Test
    void outside_dev_mode_an_iam_that_cannot_be_read_refuses_the_start() throws Exception {
        try (HeldPort down = new HeldPort()) {
            String realm = "http://127.0.0.1:" + down.port + "/realms/down";
            Settings settings = Settings.of(production(Map.of("IAM_SERVER_URL", realm,
                    "ENDPOINTS_FILE", "src/test/resources/endpoints/secured-endpoint.json")));

            assertThatThrownBy(() -> ApiModule.install(new Main(), settings, false, ApiSecurity::guard))
                    .hasMessageStartingWith("the API cannot start (1 problem):\n  - IAM_SERVER_URL / IAM_JWKS_URL (set in the "
                            + "settings given): cannot load the signing keys of " + realm + ": ConnectException");
        }
    }

    @Test
    void outside_dev_mode_an_oauth2_only_endpoint_without_an_iam_refuses_the_start() throws Exception {
        Path endpoints = Files.createTempFile("oauth2-only", ".json");
        Files.writeString(endpoints, """
                {"namespaces": [{"name": "api", "description": "api"}],
                 "models": {"model": {"id": {"type": "string"}}},
                 "endpoints": [{"operation_name": "input", "namespace": "api", "model_name": "model",
                   "request_method": ["post"], "api_url": "/", "api_security": ["oauth2"], "security_roles": null,
                   "exec_method": {"module_name": "skeleton.security.CallerEcho", "method_name": "whoAmI"}}]}
                """);
        Settings settings = Settings.of(production(Map.of("ENDPOINTS_FILE", endpoints.toString())));

        assertThatThrownBy(() -> ApiModule.install(new Main(), settings, false, ApiSecurity::guard))
                .hasMessageContaining(endpoints + " /endpoints/0/api_security: accepts oauth2, but IAM_SERVER_URL and IAM_JWKS_URL "
                        + "are unset: set the realm URL of the IAM, e.g. IAM_SERVER_URL=https://iam.example.com/realms/main");
    }

    @Test
    void in_dev_mode_an_iam_that_comes_up_after_the_start_is_used_without_a_restart() throws Exception {
        HeldPort port = new HeldPort();
        SecurityFixture later = new SecurityFixture(null);
        try (TestServer dev = new TestServer(Map.of("DISABLE_SECURITY", "false",
                "ENDPOINTS_FILE", "src/test/resources/endpoints/secured-endpoint.json",
                "IAM_SERVER_URL", "http://127.0.0.1:" + port.port + "/realms/test",
                "IAM_AUDIENCE", Tokens.AUDIENCE, "JWKS_REFRESH_MIN_SECONDS", "1"), true);
             LocalIam iam = new LocalIam(port.release())) {
            later.server = dev;
            String token = Tokens.rs256(iam.rsa, Tokens.claims(iam.issuer(), "api-writer").build());

            await().atMost(Duration.ofSeconds(30)).until(() -> later.post("/api", token, null, SecurityFixture.BODY).statusCode() == 200);
            assertThat(iam.jwksFetches.get()).as("the keys were fetched from the IAM once it answered").isPositive();
        }
    }

    /** A worker's settings outside dev mode: the secured server's certificate files, security on. */
    private static Map<String, String> production(Map<String, String> extra) {
        Map<String, String> settings = new java.util.HashMap<>(Map.of(
                "CERTIFICATE_APP", server.dir.resolve("tls/localhost.crt").toString(),
                "KEY_APP", server.dir.resolve("tls/localhost.key").toString(),
                "API_KEYS", "{\"keys\": []}"));
        settings.putAll(extra);
        return settings;
    }
}
