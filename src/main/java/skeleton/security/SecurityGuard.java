package skeleton.security;

import java.util.List;
import java.util.Locale;

import org.apache.camel.CamelContext;
import org.apache.camel.health.HealthCheckRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.vertx.core.http.HttpServerRequest;
import skeleton.api.ApiGuard;
import skeleton.api.Caller;
import skeleton.api.EndpointMap;
import skeleton.api.EndpointMap.Endpoint;
import skeleton.config.Problems;

/**
 * The per-route check of {@code api_security} and {@code security_roles}. Credentials are read from the HTTP
 * request's own headers (never from query parameters, which Camel also turns into message headers): the
 * {@code Authorization: Bearer} token and the API key header. Every credential sent must be valid and of a scheme
 * the endpoint accepts (a valid key does not excuse a bad token); when both are valid the token's caller counts.
 * Then the caller needs one of the endpoint's roles, if it lists any.
 */
final class SecurityGuard implements ApiGuard {

    private static final Logger LOG = LoggerFactory.getLogger(SecurityGuard.class);

    private final SecuritySettings settings;
    private final BearerTokens tokens;
    private final ApiKeys keys;

    SecurityGuard(SecuritySettings settings, BearerTokens tokens, ApiKeys keys) {
        this.settings = settings;
        this.tokens = tokens;
        this.keys = keys;
    }

    @Override
    public Caller check(HttpServerRequest request, Endpoint endpoint) {
        if (settings.disabled()) {
            return Caller.anonymous("disabled");
        }
        if (endpoint.apiSecurity().isEmpty()) {
            return Caller.anonymous("none");
        }
        String where = request == null ? endpoint.operationName()
                : request.method() + " " + request.path() + " (" + endpoint.operationName() + ")";
        Caller caller;
        try {
            caller = authenticate(request, endpoint);
        } catch (BadCredentials refused) {
            LOG.warn("API 401 {}: {}", where, refused.reason());
            throw Refusals.unauthorized();
        }
        List<String> required = endpoint.securityRoles();
        if (!required.isEmpty() && required.stream().noneMatch(caller.roles()::contains)) {
            LOG.warn("API 403 {}: {} {} holds {}, needs one of {}", where, caller.scheme(), caller.name(),
                    caller.roles(), required);
            throw Refusals.forbidden();
        }
        return caller;
    }

    private Caller authenticate(HttpServerRequest request, Endpoint endpoint) throws BadCredentials {
        if (request == null) {
            throw new BadCredentials("the request did not come through the HTTP server, so its headers are unknown");
        }
        List<String> authorization = request.headers().getAll("Authorization");
        List<String> key = request.headers().getAll(settings.apiKeyHeader());
        if (authorization.isEmpty() && key.isEmpty()) {
            throw new BadCredentials("no credentials (no Authorization header, no " + settings.apiKeyHeader() + ")");
        }
        if (authorization.size() > 1 || key.size() > 1) {
            throw new BadCredentials("a credential header is sent more than once");
        }
        Caller byKey = key.isEmpty() ? null : apiKey(key.get(0), endpoint);
        return authorization.isEmpty() ? byKey : bearer(authorization.get(0), endpoint);
    }

    private Caller bearer(String authorization, Endpoint endpoint) throws BadCredentials {
        if (!endpoint.apiSecurity().contains("oauth2")) {
            throw new BadCredentials("an Authorization header was sent, but this endpoint accepts only "
                    + endpoint.apiSecurity());
        }
        int space = authorization.indexOf(' ');
        if (space < 0 || !authorization.substring(0, space).toLowerCase(Locale.ROOT).equals("bearer")) {
            throw new BadCredentials("the Authorization header is not of the Bearer scheme");
        }
        return tokens.verify(authorization.substring(space + 1).trim());
    }

    private Caller apiKey(String key, Endpoint endpoint) throws BadCredentials {
        if (!endpoint.apiSecurity().contains("apikey")) {
            throw new BadCredentials("an API key was sent, but this endpoint accepts only " + endpoint.apiSecurity());
        }
        return keys.verify(key);
    }

    @Override
    public void review(EndpointMap map, Problems problems) {
        new SecurityReview(settings, keys).review(map, problems);
    }

    @Override
    public void contextConfigured(CamelContext context) {
        HealthCheckRegistry registry = HealthCheckRegistry.get(context);
        if (registry != null) {
            registry.register(new SecurityHealthCheck(settings, tokens, keys));
        }
    }
}
