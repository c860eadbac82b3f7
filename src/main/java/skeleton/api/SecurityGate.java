package skeleton.api;

import java.util.HashMap;
import java.util.Map;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import skeleton.api.EndpointMap.Endpoint;

/**
 * The security check ahead of the request's body: on the HTTP server's router, before the body is read (Camel's
 * platform-http reads it whole, and refuses one over MAX_BODY_BYTES with 413, before any route runs), so a caller
 * without valid credentials gets 401 (or 403) whatever the body: too large, malformed, of another type. The
 * endpoint's route checks again (a cached verification), so the gate only decides who gets to send a body.
 * (Camel's REST DSL has no step ahead of its body handler, hence this handler of the server's own router.)
 */
final class SecurityGate implements Handler<RoutingContext> {

    private final ApiGuard guard;
    /** "METHOD /path" of each endpoint served; replaced as a whole at each reload of the endpoint map. */
    private volatile Map<String, Endpoint> endpoints = Map.of();

    SecurityGate(ApiGuard guard) {
        this.guard = guard;
    }

    /** Guards the endpoints of this map from now on. */
    void serve(EndpointMap map) {
        Map<String, Endpoint> byRequest = new HashMap<>();
        if (map != null) {
            for (Endpoint endpoint : map.endpoints()) {
                for (HttpVerb verb : endpoint.methods()) {
                    byRequest.put(verb.name() + " " + endpoint.path(), endpoint);
                }
            }
        }
        endpoints = Map.copyOf(byRequest);
    }

    @Override
    public void handle(RoutingContext ctx) {
        String path = ctx.request().path();
        if (path != null && path.length() > 1 && path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        Endpoint endpoint = endpoints.get(ctx.request().method().name() + " " + path);
        if (endpoint == null) {
            ctx.next();
            return;
        }
        // the guard may fetch the IAM's keys: off the event loop, the body held back meanwhile (the body handler
        // that comes next resumes the request)
        ctx.request().pause();
        ctx.vertx().<Caller>executeBlocking(() -> guard.check(ctx.request(), endpoint), false).onComplete(checked -> {
            if (checked.succeeded()) {
                ctx.next();
            } else if (checked.cause() instanceof ApiError refused) {
                // the body is never read: the connection closes after the answer
                ctx.response().putHeader("Connection", "close");
                OperatorPages.refuse(ctx, refused);
            } else {
                ctx.fail(checked.cause());
            }
        });
    }
}
