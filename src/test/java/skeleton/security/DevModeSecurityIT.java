package skeleton.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Map;

import org.junit.jupiter.api.Test;

import skeleton.api.TestServer;
import skeleton.testing.HeldPort;

/** Dev mode: DISABLE_SECURITY is loud in the log and in health; without a reachable IAM the worker still starts. */
class DevModeSecurityIT {

    @Test
    void disable_security_in_dev_mode_opens_every_endpoint_and_says_so_in_the_log_and_health() throws Exception {
        try (RootLog log = new RootLog(); TestServer server = new TestServer(Map.of(
                "ENDPOINTS_FILE", "src/test/resources/endpoints/secured-endpoint.json", "DISABLE_SECURITY", "true"))) {

            HttpResponse<String> response = server.post("/api", "application/json", SecurityFixture.BODY);

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).startsWith("{\"caller\":{\"scheme\":\"disabled\",\"name\":null");
            assertThat(log.text()).contains("WARN skeleton.security.SecurityReview SECURITY IS DISABLED "
                    + "(DISABLE_SECURITY=true, set in the settings given): all 5 endpoints of "
                    + "src/test/resources/endpoints/secured-endpoint.json answer anyone without credentials.");
            assertThat(server.get("/observe/health?exposureLevel=full").body()).contains("{\"name\":\"security\",\"status\":\"UP\","
                    + "\"message\":\"SECURITY DISABLED (DISABLE_SECURITY=true, dev mode): every endpoint answers anyone\"}");
        }
    }

    @Test
    void an_unreachable_dev_iam_is_a_warning_tokens_get_401_and_api_keys_still_work() throws Exception {
        try (HeldPort down = new HeldPort(); LocalIam keysOnly = new LocalIam(); RootLog log = new RootLog()) {
            String realm = "http://127.0.0.1:" + down.port + "/realms/skeleton";
            SecurityFixture fx = new SecurityFixture(keysOnly);
            try (TestServer server = new TestServer(fx.settings(Map.of("IAM_SERVER_URL", realm)))) {
                fx.server = server;

                assertThat(log.text()).contains("WARN skeleton.security.ApiSecurity Bearer tokens are refused for now: "
                        + "cannot load the signing keys of " + realm + ": ConnectException");
                assertThat(fx.post("/api", fx.writerToken(), null, SecurityFixture.BODY).statusCode()).isEqualTo(401);
                assertThat(fx.post("/api", null, fx.writerKey, SecurityFixture.BODY).statusCode()).isEqualTo(200);
                assertThat(server.get("/observe/health?exposureLevel=full").body()).contains("\"message\":\"enforced; bearer tokens: "
                        + "NO KEYS, the IAM could not be read (see the log); API keys: 2\"}");
            }
        }
    }
}
