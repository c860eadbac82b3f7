package bench;

import java.util.Map;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.PemKeyCertOptions;

/**
 * The REST ceiling: a bare Vert.x server (the HTTP engine under our API) that reads the request body and answers
 * the same JSON as our demo endpoint, with no routing, validation or processor: HTTPS on {@code httpsPort} with the
 * same certificate and TLS 1.2/1.3, plain HTTP on {@code httpPort}.
 */
final class VertxAnchor implements AutoCloseable {

    private final Vertx vertx;

    private VertxAnchor(Vertx vertx) {
        this.vertx = vertx;
    }

    static VertxAnchor start(Map<String, String> props) throws Exception {
        Vertx vertx = Vertx.vertx();
        String answer = props.get("answer");
        HttpServerOptions tls = new HttpServerOptions().setSsl(true)
                .setKeyCertOptions(new PemKeyCertOptions().setCertPath(props.get("certificate")).setKeyPath(props.get("key")));
        tls.getEnabledSecureTransportProtocols().retainAll(java.util.Set.of("TLSv1.2", "TLSv1.3"));
        listen(vertx.createHttpServer(tls), answer, Integer.parseInt(props.get("httpsPort")));
        listen(vertx.createHttpServer(new HttpServerOptions()), answer, Integer.parseInt(props.get("httpPort")));
        return new VertxAnchor(vertx);
    }

    private static void listen(HttpServer server, String answer, int port) throws Exception {
        server.requestHandler(request -> respond(request, answer)).listen(port, "127.0.0.1")
                .toCompletionStage().toCompletableFuture().get();
    }

    private static void respond(HttpServerRequest request, String answer) {
        request.body().onSuccess(body -> request.response().putHeader("Content-Type", "application/json").end(answer));
    }

    @Override
    public void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get();
    }
}
