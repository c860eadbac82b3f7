package skeleton.security;

import java.text.ParseException;
import java.time.Duration;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;

/**
 * Verifies a bearer JWT locally with nimbus-jose-jwt: signed with an asymmetric algorithm (RS*, PS*, ES*) by a key
 * of the IAM's JWKS, selected by the token's {@code kid} and {@code alg} only (a {@code jku}, {@code x5u},
 * {@code jwk} or {@code x5c} header is never used); {@code exp} and {@code iss} required, {@code iss} equal to the
 * expected issuer, {@code aud} containing the audience when one is configured, {@code exp}, {@code nbf} and
 * {@code iat} checked against the clock with the configured skew.
 */
final class TokenVerifier {

    static final Set<JWSAlgorithm> ASYMMETRIC = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512,
            JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512,
            JWSAlgorithm.ES256, JWSAlgorithm.ES384, JWSAlgorithm.ES512);

    private final JWKSource<SecurityContext> keys;
    private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();

    TokenVerifier(JWKSource<SecurityContext> keys, String issuer, Optional<String> audience, Duration skew) {
        this.keys = keys;
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(ASYMMETRIC, keys));
        ClaimsVerifier claims = new ClaimsVerifier(audience, new JWTClaimsSet.Builder().issuer(issuer).build());
        claims.setMaxClockSkew((int) skew.toSeconds());
        processor.setJWTClaimsSetVerifier(claims);
    }

    /** Loads the keys now (they are cached afterwards); throws when the JWKS cannot be read. */
    void loadKeys() throws JOSEException {
        keys.get(new JWKSelector(new JWKMatcher.Builder().build()), null);
    }

    JWTClaimsSet verify(String token) throws BadCredentials {
        try {
            return processor.process(token, null);
        } catch (ParseException e) {
            throw new BadCredentials("the bearer token is not a JWT (" + e.getMessage() + ")");
        } catch (BadJOSEException e) {
            throw new BadCredentials("the bearer token is invalid: " + e.getMessage());
        } catch (JOSEException e) {
            throw new BadCredentials("the bearer token cannot be checked: " + e.getMessage());
        } catch (RuntimeException e) {
            throw new BadCredentials("the bearer token is malformed: " + e.getClass().getSimpleName());
        }
    }

    /** nimbus' checks of exp, nbf, iss and aud, plus exp required and iat not in the future. */
    private static final class ClaimsVerifier extends DefaultJWTClaimsVerifier<SecurityContext> {

        ClaimsVerifier(Optional<String> audience, JWTClaimsSet exactMatch) {
            // nimbus asks these sets whether they contain null: Set.of would throw, so HashSets
            super(audience.map(a -> new HashSet<>(List.of(a))).orElse(null), exactMatch,
                    new HashSet<>(List.of("exp", "iss")), null);
        }

        @Override
        public void verify(JWTClaimsSet claims, SecurityContext context) throws BadJWTException {
            super.verify(claims, context);
            Date issuedAt = claims.getIssueTime();
            if (issuedAt != null && issuedAt.getTime() > System.currentTimeMillis() + getMaxClockSkew() * 1000L) {
                throw new BadJWTException("JWT issued in the future (iat " + issuedAt.toInstant() + ")");
            }
        }
    }
}
