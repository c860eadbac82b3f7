package skeleton.api;

import org.apache.camel.CamelContext;

import io.vertx.core.http.HttpServerRequest;

import skeleton.config.Problems;
import skeleton.api.EndpointMap.Endpoint;
import skeleton.config.Settings;

/**
 * The security check that runs on every API request before its body is read (by {@link SecurityGate}) and again in
 * its route: it reads only the request's headers and returns the caller, which the endpoint's method receives, or throws {@link ApiError} with 401 (no or bad credentials) or 403
 * (authenticated without a required role). The implementation lives in {@code skeleton.security}.
 */
public interface ApiGuard {

    /** Makes the guard from the settings at install time; bad settings are reported to the problems. */
    @FunctionalInterface
    interface Factory {
        ApiGuard create(Settings settings, ApiSettings api, boolean devMode, Problems problems);
    }

    /** Checks the credentials of {@code request} (null when it did not come through the HTTP server) for {@code endpoint}. */
    Caller check(HttpServerRequest request, Endpoint endpoint);

    /** At install and at every reload: reports endpoints the guard cannot protect, and logs how each is protected. */
    default void review(EndpointMap map, Problems problems) {
    }

    /** Once the Camel context is configured, before it starts: e.g. to register a health check. */
    default void contextConfigured(CamelContext context) {
    }
}
