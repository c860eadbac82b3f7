package skeleton.api;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

/**
 * Applies the {@link CorsPolicy} in front of every route of the HTTP server: an allowed origin gets
 * {@code Access-Control-Allow-Origin} (and credentials only for exact origins) and its preflight is answered with
 * 204; an origin not listed gets no {@code Access-Control-Allow-*} header, and its preflight is refused with 403.
 */
final class CorsHandler implements Handler<RoutingContext> {

    private static final String METHODS = "GET, POST, PUT, DELETE, OPTIONS";

    private final CorsPolicy policy;
    private final String allowedHeaders;

    CorsHandler(CorsPolicy policy, String apiKeyHeader) {
        this.policy = policy;
        this.allowedHeaders = "Content-Type, Authorization, " + apiKeyHeader;
    }

    @Override
    public void handle(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        HttpServerResponse response = ctx.response();
        String origin = request.getHeader("Origin");
        if (origin == null) {
            ctx.next();
            return;
        }
        boolean preflight = request.method() == HttpMethod.OPTIONS
                && request.getHeader("Access-Control-Request-Method") != null;
        String allow = policy.allowOrigin(origin);
        response.putHeader("Vary", "Origin");
        if (allow == null) {
            if (preflight) {
                response.setStatusCode(403).putHeader("Content-Type", "application/json")
                        .end(JsonResponses.text(JsonResponses.errorBody(java.util.List.of(new RequestValidator.Violation(
                                "", "origin " + origin + " is not in CORS_ALLOWED_ORIGINS")), null)));
            } else {
                ctx.next();
            }
            return;
        }
        response.putHeader("Access-Control-Allow-Origin", allow);
        if (policy.allowCredentials()) {
            response.putHeader("Access-Control-Allow-Credentials", "true");
        }
        if (preflight) {
            response.putHeader("Access-Control-Allow-Methods", METHODS)
                    .putHeader("Access-Control-Allow-Headers", allowedHeaders)
                    .putHeader("Access-Control-Max-Age", "600")
                    .setStatusCode(204).end();
        } else {
            ctx.next();
        }
    }
}
