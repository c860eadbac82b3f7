package skeleton.api;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * Operator tools on the API's port ({@code /observe/ids/{id}}, ...): in dev mode they answer callers on this machine
 * only; otherwise a caller needs credentials the API takes (a bearer token or an API key) with the operator role
 * ({@code OPERATOR_ROLE}, default {@code operator}). Never open by default. A page is a function of its path
 * parameter to a JSON value.
 */
public final class OperatorPages {

    private static final String BEAN = "operatorPages";

    private final ApiGuard guard;
    private final boolean devMode;
    private final EndpointMap.Endpoint operator;
    private final List<Page> pages = new ArrayList<>();
    private VertxPlatformHttpRouter router;

    OperatorPages(ApiGuard guard, boolean devMode, String role) {
        this.guard = guard;
        this.devMode = devMode;
        this.operator = new EndpointMap.Endpoint(-1, "operator tools", "observe", null, List.of(HttpVerb.GET), "/observe",
                List.of("oauth2", "apikey"), List.of(role), null);
    }

    /** The context's pages, or null when the API is off (then there is no port to serve them on). */
    public static OperatorPages lookup(CamelContext context) {
        return context.getRegistry().lookupByNameAndType(BEAN, OperatorPages.class);
    }

    static String beanName() {
        return BEAN;
    }

    /** A page: JSON of its path parameter (null: none), behind the operator check, or an HTML shell open to all. */
    private record Page(String path, String param, Function<String, Object> json, Supplier<String> html) {
    }

    /** Serves {@code GET path} (with one {@code :param}, or none when {@code param} is null) from now on. */
    public void add(String path, String param, Function<String, Object> page) {
        add(new Page(path, param, page, null));
    }

    /**
     * Serves an HTML page to anyone: a shell holding no data, which reads its figures from an operator page with the
     * caller's credentials.
     */
    public void addShell(String path, Supplier<String> html) {
        add(new Page(path, null, null, html));
    }

    private synchronized void add(Page p) {
        pages.add(p);
        if (router != null) {
            install(p);
        }
    }

    synchronized void serverStarted(VertxPlatformHttpRouter started) {
        this.router = started;
        pages.forEach(this::install);
    }

    private void install(Page p) {
        if (p.html() != null) {
            router.get(p.path()).order(-998).handler(ctx -> ctx.response().putHeader("Content-Type", "text/html; charset=utf-8")
                    .end(p.html().get()));
            return;
        }
        router.get(p.path()).order(-998).handler(checked(ctx -> ctx.vertx().executeBlocking(
                () -> JsonResponses.text(p.json().apply(p.param() == null ? null : ctx.pathParam(p.param()))), false).onComplete(done -> {
                    if (done.succeeded()) {
                        ctx.response().putHeader("Content-Type", "application/json").end(done.result());
                    } else {
                        ctx.fail(done.cause());
                    }
                })));
    }

    /** Passes a caller on this machine on to {@code next}; refuses any other with 403 and {@code why}. */
    static Handler<RoutingContext> localOnly(String why, Handler<RoutingContext> next) {
        return ctx -> {
            if (ctx.request().remoteAddress() != null && loopback(ctx.request().remoteAddress().hostAddress())) {
                next.handle(ctx);
            } else {
                refuse(ctx, new ApiError(403, why));
            }
        };
    }

    private Handler<RoutingContext> checked(Handler<RoutingContext> page) {
        if (devMode) {
            return localOnly("operator tools answer callers on this machine only in dev mode", page);
        }
        return ctx -> {
            ctx.vertx().executeBlocking(() -> guard.check(ctx.request(), operator), false).onComplete(checked -> {
                if (checked.succeeded()) {
                    page.handle(ctx);
                } else if (checked.cause() instanceof ApiError refused) {
                    refuse(ctx, refused);
                } else {
                    ctx.fail(checked.cause());
                }
            });
        };
    }

    /** Answers with the refusal's status, headers and JSON problems. */
    static void refuse(RoutingContext ctx, ApiError refused) {
        refused.headers().forEach(ctx.response()::putHeader);
        ctx.response().setStatusCode(refused.status()).putHeader("Content-Type", "application/json")
                .end(JsonResponses.text(JsonResponses.errorBody(refused.violations(), null)));
    }

    static boolean loopback(String address) {
        try {
            return InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
