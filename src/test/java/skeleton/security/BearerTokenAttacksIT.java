package skeleton.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.PlainJWT;

/**
 * Bearer-token attack cases of issue 5 over HTTPS, against a local JWKS whose keys are made at test time: each bad
 * token gets the one 401, a valid token without the role 403.
 */
class BearerTokenAttacksIT extends SecuredServer {

    @Test
    void a_valid_token_with_the_role_gets_200_and_the_method_sees_the_caller() throws Exception {
        HttpResponse<String> response = fx.post("/api", fx.writerToken(), null, SecurityFixture.BODY);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"caller\":{\"scheme\":\"oauth2\",\"name\":\"alice\",\"subject\":"
                + "\"user-42\",\"client\":\"consumer-skeleton\",\"roles\":[\"api-writer\"]},\"request\":" + SecurityFixture.BODY + "}");
    }

    @Test
    void a_garbage_token_gets_401() throws Exception {
        SecurityFixture.assertUnauthorized(fx.post("/api", "not-a-jwt", null, SecurityFixture.BODY));
        SecurityFixture.assertUnauthorized(fx.post("/api", "a.b.c", null, SecurityFixture.BODY));
        SecurityFixture.assertUnauthorized(fx.postRaw("/api", Map.of("Authorization", "Basic YWRtaW46YWRtaW4="), SecurityFixture.BODY));
    }

    @Test
    void alg_none_gets_401() throws Exception {
        String none = new PlainJWT(Tokens.claims(iam.issuer(), "api-writer").build()).serialize();
        String noneWithKid = Base64URL.encode("{\"alg\":\"none\",\"kid\":\"rsa-1\"}") + "."
                + Base64URL.encode(Tokens.claims(iam.issuer(), "api-writer").build().toString()) + ".";

        SecurityFixture.assertUnauthorized(fx.post("/api", none, null, SecurityFixture.BODY));
        SecurityFixture.assertUnauthorized(fx.post("/api", noneWithKid, null, SecurityFixture.BODY));
    }

    @Test
    void hs256_signed_with_the_rsa_public_key_as_secret_gets_401() throws Exception {
        byte[] publicKey = iam.rsa.toRSAPublicKey().getEncoded();
        byte[] secret = new byte[Math.max(32, publicKey.length)];
        System.arraycopy(publicKey, 0, secret, 0, publicKey.length);
        String token = Tokens.sign(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("rsa-1").build(),
                Tokens.claims(iam.issuer(), "api-writer").build(), new MACSigner(secret));

        SecurityFixture.assertUnauthorized(fx.post("/api", token, null, SecurityFixture.BODY));
    }

    @Test
    void expired_beyond_the_skew_gets_401_within_the_skew_passes() throws Exception {
        Instant now = Instant.now();
        String expired = Tokens.rs256(iam.rsa, Tokens.claims(iam.issuer(), "api-writer")
                .issueTime(Date.from(now.minusSeconds(600))).expirationTime(Date.from(now.minusSeconds(60))).build());
        String withinSkew = Tokens.rs256(iam.rsa, Tokens.claims(iam.issuer(), "api-writer")
                .issueTime(Date.from(now.minusSeconds(600))).expirationTime(Date.from(now.minusSeconds(5))).build());

        SecurityFixture.assertUnauthorized(fx.post("/api", expired, null, SecurityFixture.BODY));
        assertThat(fx.post("/api", withinSkew, null, SecurityFixture.BODY).statusCode()).isEqualTo(200);
    }

    @Test
    void nbf_or_iat_in_the_future_gets_401() throws Exception {
        Date later = Date.from(Instant.now().plusSeconds(120));
        String notYet = Tokens.rs256(iam.rsa, Tokens.claims(iam.issuer(), "api-writer").notBeforeTime(later).build());
        String issuedLater = Tokens.rs256(iam.rsa, Tokens.claims(iam.issuer(), "api-writer").issueTime(later).build());

        SecurityFixture.assertUnauthorized(fx.post("/api", notYet, null, SecurityFixture.BODY));
        SecurityFixture.assertUnauthorized(fx.post("/api", issuedLater, null, SecurityFixture.BODY));
    }

    @Test
    void no_exp_gets_401() throws Exception {
        String token = Tokens.rs256(iam.rsa, Tokens.claims(iam.issuer(), "api-writer").expirationTime(null).build());

        SecurityFixture.assertUnauthorized(fx.post("/api", token, null, SecurityFixture.BODY));
    }

    @Test
    void a_wrong_or_missing_issuer_gets_401() throws Exception {
        String wrong = Tokens.rs256(iam.rsa, Tokens.claims("https://evil.example/realms/test", "api-writer").build());
        String none = Tokens.rs256(iam.rsa, Tokens.claims(iam.issuer(), "api-writer").issuer(null).build());

        SecurityFixture.assertUnauthorized(fx.post("/api", wrong, null, SecurityFixture.BODY));
        SecurityFixture.assertUnauthorized(fx.post("/api", none, null, SecurityFixture.BODY));
    }

    @Test
    void a_wrong_audience_gets_401() throws Exception {
        String token = Tokens.rs256(iam.rsa, Tokens.claims(iam.issuer(), "api-writer").audience("other-api").build());

        SecurityFixture.assertUnauthorized(fx.post("/api", token, null, SecurityFixture.BODY));
    }

    @Test
    void unknown_kids_get_401_never_5xx_and_refetch_the_jwks_at_most_twice() throws Exception {
        int before = iam.jwksFetches.get();
        for (int i = 0; i < 8; i++) {
            RSAKey unknown = new RSAKeyGenerator(2048).keyID("rotated-" + UUID.randomUUID()).generate();
            SecurityFixture.assertUnauthorized(fx.post("/api", Tokens.rs256(unknown, Tokens.claims(iam.issuer(), "api-writer").build()),
                    null, SecurityFixture.BODY));
        }

        assertThat(iam.jwksFetches.get() - before).isLessThanOrEqualTo(2);
        assertThat(fx.post("/api", fx.writerToken(), null, SecurityFixture.BODY).statusCode()).isEqualTo(200);
    }

    @Test
    void a_kid_with_path_traversal_or_sql_gets_401() throws Exception {
        for (String kid : new String[] {"../../../../etc/passwd", "' OR '1'='1' --", "rsa-1/../../x", "%00"}) {
            RSAKey key = new RSAKeyGenerator(2048).keyID(kid).generate();
            SecurityFixture.assertUnauthorized(fx.post("/api", Tokens.rs256(key, Tokens.claims(iam.issuer(), "api-writer").build()),
                    null, SecurityFixture.BODY));
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

        SecurityFixture.assertUnauthorized(fx.post("/api", jku, null, SecurityFixture.BODY));
        SecurityFixture.assertUnauthorized(fx.post("/api", x5u, null, SecurityFixture.BODY));
        SecurityFixture.assertUnauthorized(fx.post("/api", jwk, null, SecurityFixture.BODY));
        assertThat(iam.otherFetches.get()).isZero();
    }

    @Test
    void a_token_signed_by_a_foreign_key_with_a_known_kid_gets_401() throws Exception {
        RSAKey foreign = new RSAKeyGenerator(2048).keyID("rsa-1").generate();

        SecurityFixture.assertUnauthorized(fx.post("/api", Tokens.rs256(foreign, Tokens.claims(iam.issuer(), "api-writer").build()),
                null, SecurityFixture.BODY));
    }

    @Test
    void a_valid_token_without_the_role_gets_403() throws Exception {
        String reader = Tokens.rs256(iam.rsa, Tokens.claims(iam.issuer(), "api-reader").build());

        HttpResponse<String> response = fx.post("/api", reader, null, SecurityFixture.BODY);

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).isEqualTo("{\"errors\":[{\"field\":\"\",\"problem\":\"the caller does not hold "
                + "a role this endpoint requires\"}]}");
    }
}
