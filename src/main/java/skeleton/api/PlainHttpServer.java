package skeleton.api;

import java.util.concurrent.TimeUnit;

import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;

/**
 * The optional plain-HTTP listener (HTTP_PORT, for use behind a TLS-terminating proxy): a second Vert.x server on
 * the same router as the HTTPS one, so it serves exactly the same routes. Stopped with the Camel context.
 */
final class PlainHttpServer extends ServiceSupport {

    private static final Logger LOG = LoggerFactory.getLogger(PlainHttpServer.class);

    private final VertxPlatformHttpRouter router;
    private final String host;
    private final int port;
    private HttpServer server;

    PlainHttpServer(VertxPlatformHttpRouter router, String host, int port) {
        this.router = router;
        this.host = host;
        this.port = port;
    }

    @Override
    protected void doStart() throws Exception {
        server = router.vertx().createHttpServer(new HttpServerOptions().setHost(host).setPort(port))
                .requestHandler(router).listen().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        LOG.warn("Plain HTTP (no TLS) is served on {}:{} (HTTP_PORT); use it only behind a proxy", host, port);
    }

    @Override
    protected void doStop() throws Exception {
        if (server != null) {
            server.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            server = null;
        }
    }
}
