package skeleton.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

import org.junit.jupiter.api.Test;

/**
 * Attack cases of issue 5 about where credentials come from and how they combine: none, in the query string, a
 * wrong or role-less API key, a valid key with a bad token, a scheme the endpoint does not accept; and what the log
 * and health say.
 */
class CredentialAttacksIT extends SecuredServer {

    @Test
    void an_es256_token_and_a_valid_api_key_get_200() throws Exception {
        String es = Tokens.es256(iam.ec, Tokens.claims(iam.issuer(), "api-writer").build());

        assertThat(fx.post("/api", es, null, SecurityFixture.BODY).statusCode()).isEqualTo(200);
        HttpResponse<String> byKey = fx.post("/api", null, fx.writerKey, SecurityFixture.BODY);
        assertThat(byKey.statusCode()).isEqualTo(200);
        assertThat(byKey.body()).startsWith("{\"caller\":{\"scheme\":\"apikey\",\"name\":\"writer\",\"subject\":null,"
                + "\"client\":null,\"roles\":[\"api-writer\"]}");
    }

    @Test
    void a_valid_token_and_a_valid_api_key_together_the_tokens_caller_counts() throws Exception {
        HttpResponse<String> both = fx.post("/api", fx.writerToken(), fx.writerKey, SecurityFixture.BODY);

        assertThat(both.statusCode()).isEqualTo(200);
        assertThat(both.body()).startsWith("{\"caller\":{\"scheme\":\"oauth2\"");
    }

    @Test
    void a_public_endpoint_needs_no_credentials() throws Exception {
        HttpResponse<String> response = server.get("/v1/status");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"scheme\":\"none\"");
    }

    @Test
    void no_credentials_get_401() throws Exception {
        SecurityFixture.assertUnauthorized(fx.post("/api", null, null, SecurityFixture.BODY));
        SecurityFixture.assertUnauthorized(server.get("/v1/reports"));
    }

    @Test
    void a_token_or_key_in_the_query_string_gets_401() throws Exception {
        String token = URLEncoder.encode(fx.writerToken(), StandardCharsets.UTF_8);

        SecurityFixture.assertUnauthorized(fx.post("/api?access_token=" + token, null, null, SecurityFixture.BODY));
        SecurityFixture.assertUnauthorized(fx.post("/api?Authorization=Bearer%20" + token, null, null, SecurityFixture.BODY));
        SecurityFixture.assertUnauthorized(fx.post("/api?X-API-Key=" + fx.writerKey, null, null, SecurityFixture.BODY));
        SecurityFixture.assertUnauthorized(server.get("/v1/reports?access_token=" + token));
    }

    @Test
    void a_wrong_api_key_gets_the_same_401_as_a_bad_token() throws Exception {
        SecurityFixture.assertUnauthorized(fx.post("/api", null, "csk_" + "x".repeat(43), SecurityFixture.BODY));
        SecurityFixture.assertUnauthorized(fx.post("/api", null, "", SecurityFixture.BODY));
    }

    @Test
    void a_valid_api_key_without_the_role_gets_403() throws Exception {
        assertThat(fx.post("/api", null, fx.readerKey, SecurityFixture.BODY).statusCode()).isEqualTo(403);
    }

    @Test
    void a_valid_api_key_with_a_bad_token_gets_401_no_fallback() throws Exception {
        SecurityFixture.assertUnauthorized(fx.post("/api", "garbage.token.here", fx.writerKey, SecurityFixture.BODY));
        SecurityFixture.assertUnauthorized(fx.post("/api", fx.writerToken(), "csk_wrong", SecurityFixture.BODY));
    }

    @Test
    void a_token_on_an_endpoint_that_accepts_only_api_keys_gets_401() throws Exception {
        SecurityFixture.assertUnauthorized(fx.send(HttpRequest.newBuilder(server.uri("/v1/keys-only"))
                .header("Authorization", "Bearer " + fx.writerToken()).GET()));
        assertThat(fx.send(HttpRequest.newBuilder(server.uri("/v1/keys-only")).header("X-API-Key", fx.readerKey).GET())
                .body()).isEqualTo("{\"caller\":\"reader\"}");
    }

    @Test
    void secrets_are_absent_from_the_log_of_failing_requests_401_and_500() throws Exception {
        String token = Tokens.rs256(iam.rsa, Tokens.claims(iam.issuer(), "api-writer").audience("other-api").build());
        String wrongKey = "csk_" + UUID.randomUUID();
        try (RootLog log = new RootLog()) {
            SecurityFixture.assertUnauthorized(fx.post("/api?access_token=" + token, token, null, SecurityFixture.BODY));
            SecurityFixture.assertUnauthorized(fx.post("/api", null, wrongKey, SecurityFixture.BODY));
            SecurityFixture.assertUnauthorized(fx.post("/api", token, fx.writerKey, SecurityFixture.BODY));
            String valid = fx.writerToken();
            HttpResponse<String> failed = fx.post("/v1/boom?access_token=" + valid, valid, null, SecurityFixture.BODY);

            assertThat(failed.statusCode()).isEqualTo(500);
            assertThat(failed.body()).doesNotContain("alice").doesNotContain("IllegalStateException");
            assertThat(log.text()).contains("the method failed for alice")
                    .doesNotContain(valid).doesNotContain(valid.split("\\.")[2]);
            assertThat(log.text()).contains("API 401 POST /api (input): the bearer token is invalid: JWT audience rejected")
                    .contains("API 401 POST /api (input): the API key sent matches none of the 2 known keys")
                    .doesNotContain(token).doesNotContain(token.split("\\.")[2]).doesNotContain(wrongKey)
                    .doesNotContain(fx.writerKey).doesNotContain("access_token");
        }
    }

    @Test
    void health_says_security_is_enforced_and_where_the_keys_come_from() throws Exception {
        String health = server.get("/observe/health?exposureLevel=full").body();

        assertThat(health).contains("{\"name\":\"security\",\"status\":\"UP\",\"message\":\"enforced; bearer "
                + "tokens: keys loaded; API keys: 2\"}");
    }
}
