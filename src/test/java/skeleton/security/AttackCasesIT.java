package skeleton.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.UUID;

import org.apache.camel.main.Main;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;

import skeleton.api.ApiModule;
import skeleton.api.TestServer;
import skeleton.config.Settings;

/**
 * The attack cases of issue 5, each with the answer it must get, over HTTPS against a server whose IAM is a local
 * JWKS with keys made at test time. 401s all carry the same body and {@code WWW-Authenticate: Bearer}.
 */
class AttackCasesIT {

    static final String UNAUTHORIZED = "{\"errors\":[{\"field\":\"\",\"problem\":\"authentication required: send a "
            + "valid bearer token (Authorization: Bearer ...) or API key\"}]}";
    static final String BODY = "{\"id\":\"1\",\"message\":\"m\"}";

    static LocalIam iam;
    static TestServer server;
    static SecurityFixture fx;

    @BeforeAll
    static void start() throws Exception {
        iam = new LocalIam();
        fx = new SecurityFixture(iam);
        server = new TestServer(fx.settings(Map.of("CORS_ALLOWED_ORIGINS", "['https://app.example']")));
        fx.server = server;
    }

    @AfterAll
    static void stop() {
        server.close();
        iam.close();
    }

    private static void assertUnauthorized(HttpResponse<String> response) {
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).isEqualTo(UNAUTHORIZED);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"api\"");
    }

    @Test
    void a_valid_token_with_the_role_gets_200_and_the_method_sees_the_caller() throws Exception {
        HttpResponse<String> response = fx.post("/api", fx.writerToken(), null, BODY);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"caller\":{\"scheme\":\"oauth2\",\"name\":\"alice\",\"subject\":"
                + "\"user-42\",\"client\":\"consumer-skeleton\",\"roles\":[\"api-writer\"]},\"request\":" + BODY + "}");
    }

    @Test
    void an_es256_token_and_a_valid_api_key_get_200() throws Exception {
        String es = Tokens.es256(iam.ec, Tokens.claims(iam.issuer(), "api-writer").build());

        assertThat(fx.post("/api", es, null, BODY).statusCode()).isEqualTo(200);
        HttpResponse<String> byKey = fx.post("/api", null, fx.writerKey, BODY);
        assertThat(byKey.statusCode()).isEqualTo(200);
        assertThat(byKey.body()).startsWith("{\"caller\":{\"scheme\":\"apikey\",\"name\":\"writer\",\"subject\":null,"
                + "\"client\":null,\"roles\":[\"api-writer\"]}");
    }

    @Test
    void a_public_endpoint_needs_no_credentials() throws Exception {
        HttpResponse<String> response = server.get("/v1/status");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"scheme\":\"none\"");
    }

    @Test
    void no_credentials_get_401() throws Exception {
        assertUnauthorized(fx.post("/api", null, null, BODY));
        assertUnauthorized(server.get("/v1/reports"));
    }

    @Test
    void a_garbage_token_gets_401() throws Exception {
        assertUnauthorized(fx.post("/api", "not-a-jwt", null, BODY));
        assertUnauthorized(fx.post("/api", "a.b.c", null, BODY));
        assertUnauthorized(fx.postRaw("/api", Map.of("Authorization", "Basic YWRtaW46YWRtaW4="), BODY));
    }

    @Test
    void alg_none_gets_401() throws Exception {
        String none = new PlainJWT(Tokens.claims(iam.issuer(), "api-writer").build()).serialize();
        String noneWithKid = Base64URL.encode("{\"alg\":\"none\",\"kid\":\"rsa-1\"}") + "."
                + Base64URL.encode(Tokens.claims(iam.issuer(), "api-writer").build().toString()) + ".";

        assertUnauthorized(fx.post("/api", none, null, BODY));
        assertUnauthorized(fx.post("/api", noneWithKid, null, BODY));
    }

    @Test
    void hs256_signed_with_the_rsa_public_key_as_secret_gets_401() throws Exception {
        byte[] publicKey = iam.rsa.toRSAPublicKey().getEncoded();
        byte[] secret = new byte[Math.max(32, publicKey.length)];
        System.arraycopy(publicKey, 0, secret, 0, publicKey.length);
        String token = Tokens.sign(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("rsa-1").build(),
                Tokens.claims(iam.issuer(), "api-writer").build(), new MACSigner(secret));

        assertUnauthorized(fx.post("/api", token, null, BODY));
    }

    @Test
    void expired_beyond_the_skew_gets_401_within_the_skew_passes() throws Exception {
        Instant now = Instant.now();
        String expired = Tokens.rs256(iam.rsa, Tokens.claims(iam.issuer(), "api-writer")
                .issueTime(Date.from(now.minusSeconds(600))).expirationTime(Date.from(now.minusSeconds(60))).build());
        String withinSkew = Tokens.rs256(iam.rsa, Tokens.claims(iam.issuer(), "api-writer")
                .issueTime(Date.from(now.minusSeconds(600))).expirationTime(Date.from(now.minusSeconds(5))).build());

        assertUnauthorized(fx.post("/api", expired, null, BODY));
        assertThat(fx.post("/api", withinSkew, null, BODY).statusCode()).isEqualTo(200);
    }

    @Test
    void nbf_or_iat_in_the_future_gets_401() throws Exception {
        Date later = Date.from(Instant.now().plusSeconds(120));
        String notYet = Tokens.rs256(iam.rsa, Tokens.claims(iam.issuer(), "api-writer").notBeforeTime(later).build());
        String issuedLater = Tokens.rs256(iam.rsa, Tokens.claims(iam.issuer(), "api-writer").issueTime(later).build());

        assertUnauthorized(fx.post("/api", notYet, null, BODY));
        assertUnauthorized(fx.post("/api", issuedLater, null, BODY));
    }

    @Test
    void no_exp_gets_401() throws Exception {
        String token = Tokens.rs256(iam.rsa, Tokens.claims(iam.issuer(), "api-writer").expirationTime(null).build());

        assertUnauthorized(fx.post("/api", token, null, BODY));
    }

    @Test
    void a_wrong_or_missing_issuer_gets_401() throws Exception {
        String wrong = Tokens.rs256(iam.rsa, Tokens.claims("https://evil.example/realms/test", "api-writer").build());
        String none = Tokens.rs256(iam.rsa, Tokens.claims(iam.issuer(), "api-writer").issuer(null).build());

        assertUnauthorized(fx.post("/api", wrong, null, BODY));
        assertUnauthorized(fx.post("/api", none, null, BODY));
    }

    @Test
    void a_wrong_audience_gets_401() throws Exception {
        String token = Tokens.rs256(iam.rsa, Tokens.claims(iam.issuer(), "api-writer").audience("other-api").build());

        assertUnauthorized(fx.post("/api", token, null, BODY));
    }

    @Test
    void unknown_kids_get_401_never_5xx_and_refetch_the_jwks_at_most_twice() throws Exception {
        int before = iam.jwksFetches.get();
        for (int i = 0; i < 8; i++) {
            RSAKey unknown = new RSAKeyGenerator(2048).keyID("rotated-" + UUID.randomUUID()).generate();
            assertUnauthorized(fx.post("/api", Tokens.rs256(unknown, Tokens.claims(iam.issuer(), "api-writer").build()),
                    null, BODY));
        }

        assertThat(iam.jwksFetches.get() - before).isLessThanOrEqualTo(2);
        assertThat(fx.post("/api", fx.writerToken(), null, BODY).statusCode()).isEqualTo(200);
    }

    @Test
    void a_kid_with_path_traversal_or_sql_gets_401() throws Exception {
        for (String kid : new String[] {"../../../../etc/passwd", "' OR '1'='1' --", "rsa-1/../../x", "%00"}) {
            RSAKey key = new RSAKeyGenerator(2048).keyID(kid).generate();
            assertUnauthorized(fx.post("/api", Tokens.rs256(key, Tokens.claims(iam.issuer(), "api-writer").build()),
                    null, BODY));
        }
    }

    @Test
    void jku_and_x5u_pointing_elsewhere_are_ignored_and_get_401() throws Exception {
        RSAKey attacker = new RSAKeyGenerator(2048).keyID("attacker").generate();
        iam.serveOther(attacker);
        java.net.URI elsewhere = java.net.URI.create(iam.otherJwks());
        String jku = Tokens.sign(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("attacker").jwkURL(elsewhere).build(),
                Tokens.claims(iam.issuer(), "api-writer").build(), new com.nimbusds.jose.crypto.RSASSASigner(attacker));
        String x5u = Tokens.sign(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("attacker").x509CertURL(elsewhere)
                .build(), Tokens.claims(iam.issuer(), "api-writer").build(), new com.nimbusds.jose.crypto.RSASSASigner(attacker));
        String jwk = Tokens.sign(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("attacker").jwk(attacker.toPublicJWK())
                .build(), Tokens.claims(iam.issuer(), "api-writer").build(), new com.nimbusds.jose.crypto.RSASSASigner(attacker));

        assertUnauthorized(fx.post("/api", jku, null, BODY));
        assertUnauthorized(fx.post("/api", x5u, null, BODY));
        assertUnauthorized(fx.post("/api", jwk, null, BODY));
        assertThat(iam.otherFetches.get()).isZero();
    }

    @Test
    void a_token_signed_by_a_foreign_key_with_a_known_kid_gets_401() throws Exception {
        RSAKey foreign = new RSAKeyGenerator(2048).keyID("rsa-1").generate();

        assertUnauthorized(fx.post("/api", Tokens.rs256(foreign, Tokens.claims(iam.issuer(), "api-writer").build()),
                null, BODY));
    }

    @Test
    void a_valid_token_without_the_role_gets_403() throws Exception {
        String reader = Tokens.rs256(iam.rsa, Tokens.claims(iam.issuer(), "api-reader").build());

        HttpResponse<String> response = fx.post("/api", reader, null, BODY);

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).isEqualTo("{\"errors\":[{\"field\":\"\",\"problem\":\"the caller does not hold "
                + "a role this endpoint requires\"}]}");
    }

    @Test
    void a_token_or_key_in_the_query_string_gets_401() throws Exception {
        String token = URLEncoder.encode(fx.writerToken(), StandardCharsets.UTF_8);

        assertUnauthorized(fx.post("/api?access_token=" + token, null, null, BODY));
        assertUnauthorized(fx.post("/api?Authorization=Bearer%20" + token, null, null, BODY));
        assertUnauthorized(fx.post("/api?X-API-Key=" + fx.writerKey, null, null, BODY));
        assertUnauthorized(server.get("/v1/reports?access_token=" + token));
    }

    @Test
    void a_wrong_api_key_gets_the_same_401_as_a_bad_token() throws Exception {
        assertUnauthorized(fx.post("/api", null, "csk_" + "x".repeat(43), BODY));
        assertUnauthorized(fx.post("/api", null, "", BODY));
    }

    @Test
    void a_valid_api_key_without_the_role_gets_403() throws Exception {
        assertThat(fx.post("/api", null, fx.readerKey, BODY).statusCode()).isEqualTo(403);
    }

    @Test
    void a_valid_api_key_with_a_bad_token_gets_401_no_fallback() throws Exception {
        assertUnauthorized(fx.post("/api", "garbage.token.here", fx.writerKey, BODY));
        assertUnauthorized(fx.post("/api", fx.writerToken(), "csk_wrong", BODY));
    }

    @Test
    void a_token_on_an_endpoint_that_accepts_only_api_keys_gets_401() throws Exception {
        assertUnauthorized(fx.send(HttpRequest.newBuilder(server.uri("/v1/keys-only"))
                .header("Authorization", "Bearer " + fx.writerToken()).GET()));
        assertThat(fx.send(HttpRequest.newBuilder(server.uri("/v1/keys-only")).header("X-API-Key", fx.readerKey).GET())
                .body()).isEqualTo("{\"caller\":\"reader\"}");
    }

    @Test
    void an_extra_role_admin_field_gets_400_and_is_never_bound() throws Exception {
        HttpResponse<String> response = fx.post("/api", fx.writerToken(), null,
                "{\"id\":\"1\",\"message\":\"m\",\"role\":\"admin\",\"roles\":[\"admin\"]}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("{\"field\":\"/role\",\"problem\":\"is not a field of this model\"}");
    }

    @Test
    void delete_or_trace_on_a_post_route_gets_405() throws Exception {
        for (String method : new String[] {"DELETE", "TRACE", "PUT"}) {
            HttpResponse<String> response = fx.send(HttpRequest.newBuilder(server.uri("/api"))
                    .header("Authorization", "Bearer " + fx.writerToken())
                    .method(method, HttpRequest.BodyPublishers.noBody()));
            assertThat(response.statusCode()).as(method).isEqualTo(405);
        }
    }

    @Test
    void a_preflight_from_an_unlisted_origin_or_origin_null_gets_no_allow_header() throws Exception {
        for (String origin : new String[] {"https://evil.example", "null"}) {
            HttpResponse<String> response = fx.send(HttpRequest.newBuilder(server.uri("/api")).header("Origin", origin)
                    .header("Access-Control-Request-Method", "POST")
                    .header("Access-Control-Request-Headers", "authorization, content-type")
                    .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
            assertThat(response.headers().map().keySet()).as(origin).noneMatch(h -> h.startsWith("access-control-allow"));
        }
    }

    @Test
    void a_tls_1_1_handshake_fails() throws Exception {
        assertThat(TlsProbe.handshake("127.0.0.1", server.httpsPort, "-tls1_1")).contains("alert protocol version");
        assertThat(TlsProbe.handshake("127.0.0.1", server.httpsPort, "-tls1_2")).contains("Protocol  : TLSv1.2");
    }

    @Test
    void disable_security_outside_dev_mode_refuses_to_start() {
        Settings settings = Settings.of(Map.of("DISABLE_SECURITY", "true",
                "ENDPOINTS_FILE", "src/test/resources/endpoints/secured-endpoint.json",
                "CERTIFICATE_APP", server.dir.resolve("tls/localhost.crt").toString(),
                "KEY_APP", server.dir.resolve("tls/localhost.key").toString(),
                "IAM_SERVER_URL", iam.issuer()));

        assertThatThrownBy(() -> ApiModule.install(new Main(), settings, false, ApiSecurity::guard))
                .hasMessage("the API cannot start (1 problem):\n  DISABLE_SECURITY=true (set in the settings given) is "
                        + "refused: this worker is not in dev mode (DB_URL or DB_HOST is set), and security can be "
                        + "turned off only in dev mode; remove DISABLE_SECURITY");
    }

    @Test
    void no_server_header_is_sent() throws Exception {
        for (HttpResponse<String> response : new HttpResponse[] {fx.post("/api", fx.writerToken(), null, BODY),
                fx.post("/api", null, null, BODY), server.get("/nowhere"), server.get("/observe/health")}) {
            assertThat(response.headers().firstValue("Server")).isEmpty();
        }
    }

    @Test
    void secrets_are_absent_from_the_log_of_a_failing_request() throws Exception {
        String token = Tokens.rs256(iam.rsa, Tokens.claims(iam.issuer(), "api-writer").audience("other-api").build());
        String wrongKey = "csk_" + UUID.randomUUID();
        try (RootLog log = new RootLog()) {
            assertUnauthorized(fx.post("/api?access_token=" + token, token, null, BODY));
            assertUnauthorized(fx.post("/api", null, wrongKey, BODY));
            assertUnauthorized(fx.post("/api", token, fx.writerKey, BODY));

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
