package skeleton.api;

import java.util.List;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * JSON answers for what the HTTP server refuses before any route runs: 404 (no such path), 405 (path served, not
 * with this method), 413 (body over MAX_BODY_BYTES) and 500 (a failure in the server itself, with an error id).
 */
final class HttpErrorHandlers {

    private static final Logger LOG = LoggerFactory.getLogger(HttpErrorHandlers.class);

    private HttpErrorHandlers() {
    }

    static void install(Router router, long maxBodyBytes) {
        router.errorHandler(404, ctx -> answer(ctx, 404, "no endpoint at " + ctx.request().path()));
        router.errorHandler(405, ctx -> answer(ctx, 405, ctx.request().method() + " is not served at "
                + ctx.request().path()));
        router.errorHandler(413, ctx -> answer(ctx, 413, "the body is larger than the limit of " + maxBodyBytes
                + " bytes (MAX_BODY_BYTES)"));
        router.errorHandler(500, ctx -> {
            String errorId = UUID.randomUUID().toString();
            LOG.error("HTTP request {} {} failed in the server, error id {}", ctx.request().method(),
                    ctx.request().path(), errorId, ctx.failure());
            answer(ctx, 500, "internal error; quote error id " + errorId, errorId);
        });
    }

    private static void answer(RoutingContext ctx, int status, String problem) {
        answer(ctx, status, problem, null);
    }

    private static void answer(RoutingContext ctx, int status, String problem, String errorId) {
        if (ctx.response().ended()) {
            return;
        }
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                .end(JsonResponses.text(JsonResponses.errorBody(List.of(new RequestValidator.Violation("", problem)),
                        errorId)));
    }
}
