package skeleton.api;

import org.apache.camel.Exchange;

import skeleton.api.EndpointMap.Endpoint;

/**
 * The security check that runs on every API request before the endpoint's method, per route. It returns the
 * caller's identity or token, which the method receives, or throws {@link ApiError} with 401/403.
 *
 * <p>Enforcing {@code api_security} and {@code security_roles} is a later issue: until then {@link #OPEN} lets
 * every request through with no caller (null), and {@link ApiModule} says so in the log at start.
 */
@FunctionalInterface
public interface ApiGuard {

    ApiGuard OPEN = (exchange, endpoint) -> null;

    String check(Exchange exchange, Endpoint endpoint);
}
