package skeleton.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import skeleton.api.BrowserScript;
import skeleton.api.TestServer;
import skeleton.testing.HeldPort;

/**
 * End to end against a real Keycloak (bin/dev-iam with maps/realm.json), started once for the class: tokens from
 * the client-credentials and password grants are verified against the realm's discovered JWKS, and Swagger UI's
 * "Authorize" logs in through the realm.
 */
class KeycloakIT {

    /** The port of the Swagger UI test, whose origin the realm must allow (IAM_WEB_ORIGIN), held until that test. */
    static final HeldPort DOCS_PORT = new HeldPort();
    static DevIam keycloak;
    static TestServer server;
    static SecurityFixture fx;

    @BeforeAll
    static void start() throws Exception {
        keycloak = new DevIam(Map.of("IAM_WEB_ORIGIN", "https://localhost:" + DOCS_PORT.port));
        fx = new SecurityFixture(null);
        server = new TestServer(Map.of("DISABLE_SECURITY", "false",
                "ENDPOINTS_FILE", "src/test/resources/endpoints/secured-endpoint.json",
                "IAM_SERVER_URL", keycloak.realm(), "IAM_AUDIENCE", "consumer-skeleton",
                "IAM_CLIENT_ID", "consumer-skeleton", "API_KEYS_FILE", "src/test/resources/no-such-apikeys.json"));
        fx.server = server;
    }

    @AfterAll
    static void stop() {
        DOCS_PORT.close();
        if (server != null) {
            server.close();
        }
        if (keycloak != null) {
            keycloak.close();
        }
    }

    private static String clientToken(String client) throws Exception {
        return keycloak.token("grant_type=client_credentials&client_id=" + client + "&client_secret="
                + keycloak.clientSecret);
    }

    @Test
    void a_client_credentials_token_with_the_role_gets_200() throws Exception {
        HttpResponse<String> response = fx.post("/api", clientToken("consumer-skeleton"), null, SecurityFixture.BODY);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"scheme\":\"oauth2\",\"name\":\"service-account-consumer-skeleton\"")
                .contains("\"client\":\"consumer-skeleton\"").contains("\"api-writer\"");
    }

    @Test
    void a_client_credentials_token_without_the_role_gets_403() throws Exception {
        assertThat(fx.post("/api", clientToken("skeleton-no-role"), null, SecurityFixture.BODY).statusCode())
                .isEqualTo(403);
    }

    @Test
    void the_demo_user_password_grant_reads_but_may_not_write() throws Exception {
        String token = keycloak.token("grant_type=password&client_id=consumer-skeleton&client_secret="
                + keycloak.clientSecret + "&username=demo&password=" + keycloak.demoPassword);

        HttpResponse<String> read = fx.send(java.net.http.HttpRequest.newBuilder(server.uri("/v1/reports"))
                .header("Authorization", "Bearer " + token).GET());

        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(read.body()).isEqualTo("{\"caller\":\"demo\"}");
        assertThat(fx.post("/api", token, null, SecurityFixture.BODY).statusCode()).isEqualTo(403);
    }

    @Test
    void swagger_ui_logs_in_through_keycloak_then_try_it_out_answers_200() throws Exception {
        try (TestServer docs = new TestServer(Map.of("HTTPS_PORT", String.valueOf(DOCS_PORT.release()), "DISABLE_SECURITY",
                "false", "ENDPOINTS_FILE", "maps/endpoint.json", "IAM_SERVER_URL", keycloak.realm(),
                "API_KEYS_FILE", "src/test/resources/no-such-apikeys.json"))) {
            String output = BrowserScript.run(DOCS_PORT.port, Map.of("OAUTH_USER", "demo",
                    "OAUTH_PASSWORD", keycloak.demoPassword, "OAUTH_CLIENT_ID", "consumer-skeleton",
                    "OAUTH_CLIENT_SECRET", keycloak.clientSecret));

            assertThat(output).contains("logged in through the IAM").contains("response status 200")
                    .contains("\"path\": [ \"api:input\" ]");
        }
    }

    @Test
    void a_keycloak_token_with_a_tampered_payload_gets_401() throws Exception {
        String[] parts = clientToken("skeleton-no-role").split("\\.");
        String payload = new String(java.util.Base64.getUrlDecoder().decode(parts[1]))
                .replace("\"default-roles-skeleton\"", "\"api-writer\"");
        String forged = parts[0] + "." + java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString(payload.getBytes()) + "." + parts[2];

        assertThat(fx.post("/api", forged, null, SecurityFixture.BODY).statusCode()).isEqualTo(401);
    }
}
