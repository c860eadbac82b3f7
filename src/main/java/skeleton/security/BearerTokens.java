package skeleton.security;

import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.util.List;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jwt.JWTClaimsSet;

import skeleton.api.Caller;

/**
 * The {@code oauth2} scheme: finds the IAM's keys (OpenID discovery of IAM_SERVER_URL, or IAM_JWKS_URL), loads
 * them at start and caches them; an unknown {@code kid} refetches the JWKS, at most twice per JWKS_REFRESH_MIN_SECONDS.
 * When the IAM cannot be reached the keys are looked for again on a later token, no more often than that. Verified
 * tokens are remembered until their {@code exp} ({@link VerifiedTokens}, JWT_CACHE_SIZE).
 */
final class BearerTokens {

    private static final Duration TIMEOUT = Duration.ofSeconds(3);

    private final SecuritySettings settings;
    private final VerifiedTokens verified;
    private volatile TokenVerifier verifier;
    private volatile String problem = "keys not loaded yet";
    private long nextAttempt;

    BearerTokens(SecuritySettings settings) {
        this.settings = settings;
        this.verified = new VerifiedTokens(settings.tokenCacheSize());
    }

    /** Loads the keys; returns null when done, else why not (also kept for {@link #status()}). */
    synchronized String load() {
        if (verifier != null) {
            return null;
        }
        nextAttempt = System.currentTimeMillis() + settings.refreshMin().toMillis();
        try {
            URI jwks = settings.jwks().orElse(null);
            String issuer = settings.issuer().orElse(null);
            if (settings.realm().isPresent() && (jwks == null || issuer == null)) {
                OidcDiscovery.Iam iam = OidcDiscovery.discover(settings.realm().get(), TIMEOUT);
                jwks = jwks == null ? iam.jwks() : jwks;
                issuer = issuer == null ? iam.issuer() : issuer;
            }
            TokenVerifier candidate = new TokenVerifier(source(jwks.toURL()), issuer, settings.audience(),
                    settings.clockSkew());
            candidate.loadKeys();
            verifier = candidate;
            problem = null;
            return null;
        } catch (Exception e) {
            problem = "cannot load the signing keys of " + settings.iamShown() + ": " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage());
            return problem;
        }
    }

    Caller verify(String token) throws BadCredentials {
        Caller known = verified.find(token);
        if (known != null) {
            return known;
        }
        TokenVerifier current = verifier;
        if (current == null) {
            synchronized (this) {
                if (verifier == null && System.currentTimeMillis() < nextAttempt) {
                    throw new BadCredentials("no signing keys: " + problem);
                }
            }
            if (load() != null) {
                throw new BadCredentials("no signing keys: " + problem);
            }
            current = verifier;
        }
        JWTClaimsSet claims = current.verify(token);
        List<String> roles = TokenRoles.of(claims, settings.clientId());
        String name = claims.getClaim("preferred_username") instanceof String user ? user : claims.getSubject();
        Caller caller = new Caller("oauth2", name, claims.getSubject(),
                claims.getClaim("azp") instanceof String azp ? azp : null, roles);
        verified.add(token, caller, claims.getExpirationTime().getTime());
        return caller;
    }

    /** "keys loaded from ..." or why they are not, for the log. */
    String status() {
        String why = problem;
        return why == null ? "keys loaded from " + settings.iamShown() : why;
    }

    /** The same in a few words without URLs (Camel's health output mangles slashes), for the health output. */
    String shortStatus() {
        return problem == null ? "keys loaded" : "NO KEYS, the IAM could not be read (see the log)";
    }

    private JWKSource<SecurityContext> source(URL jwks) {
        long refresh = settings.refreshMin().toMillis();
        DefaultResourceRetriever retriever = new DefaultResourceRetriever((int) TIMEOUT.toMillis(),
                (int) TIMEOUT.toMillis(), 256 * 1024);
        return JWKSourceBuilder.<SecurityContext>create(jwks, retriever)
                .cache(Math.max(Duration.ofMinutes(5).toMillis(), 4 * refresh), TIMEOUT.toMillis())
                .rateLimited(refresh)
                .refreshAheadCache(false)
                .build();
    }
}
