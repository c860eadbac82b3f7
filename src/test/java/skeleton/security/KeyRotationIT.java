package skeleton.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;

/**
 * The IAM rotates its signing key: a token signed by the new key, whose kid the worker has not seen, is accepted
 * after exactly one refetch of the JWKS; unknown kids after that stay within the refetch limit. A fixture of its
 * own, so the limit's window does not depend on which tests ran before.
 */
class KeyRotationIT {

    @Test
    void a_token_of_a_rotated_in_key_is_accepted_after_one_refetch_and_the_limit_still_holds() throws Exception {
        try (SecurityFixture fx = SecurityFixture.start(Map.of())) {
            LocalIam iam = fx.iam;
            RSAKey rotated = new RSAKeyGenerator(2048).keyID("rsa-2").generate();
            iam.rotateIn(rotated);
            String token = Tokens.rs256(rotated, Tokens.claims(iam.issuer(), "api-writer").build());

            int before = iam.jwksFetches.get();
            assertThat(fx.post("/api", token, null, SecurityFixture.BODY).statusCode()).isEqualTo(200);
            assertThat(iam.jwksFetches.get() - before).as("one refetch for the new kid").isEqualTo(1);
            assertThat(fx.post("/api", token, null, SecurityFixture.BODY).statusCode()).isEqualTo(200);
            assertThat(iam.jwksFetches.get() - before).as("the new key is known now").isEqualTo(1);

            for (int i = 0; i < 8; i++) {
                RSAKey unknown = new RSAKeyGenerator(2048).keyID("unknown-" + UUID.randomUUID()).generate();
                SecurityFixture.assertUnauthorized(fx.post("/api", Tokens.rs256(unknown, Tokens.claims(iam.issuer(), "api-writer")
                        .build()), null, SecurityFixture.BODY));
            }
            assertThat(iam.jwksFetches.get() - before).as("at most twice per JWKS_REFRESH_MIN_SECONDS in all").isLessThanOrEqualTo(2);
        }
    }
}
