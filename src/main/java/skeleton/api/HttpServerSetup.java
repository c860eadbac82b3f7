package skeleton.api;

import java.security.KeyStore;

import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.apache.camel.main.HttpManagementServerConfigurationProperties;
import org.apache.camel.main.HttpServerConfigurationProperties;
import org.apache.camel.main.Main;
import org.apache.camel.support.jsse.KeyManagersParameters;
import org.apache.camel.support.jsse.KeyStoreParameters;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.apache.camel.support.jsse.SSLContextServerParameters;
import org.apache.camel.support.jsse.SecureSocketProtocolsParameters;

import io.vertx.core.http.impl.HttpServerImpl;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Configures camel-main's Vert.x HTTP server: HTTPS on HTTPS_PORT from the in-memory key store (TLS 1.2 and 1.3
 * only), the body limit, health at /observe/health and metrics at /observe/metrics on the same port (unless
 * MANAGEMENT_PORT moves them), and, once the server runs, the CORS handler,
 * the security gate ahead of the body, the JSON error pages and the optional plain-HTTP port on the same router.
 */
final class HttpServerSetup {

    static final String HEALTH_PATH = "/observe/health";

    private HttpServerSetup() {
    }

    /** devMode: Camel's developer console at /q/dev too, for callers on this machine only. */
    static void configure(Main main, ApiSettings api, boolean devMode) {
        HttpServerConfigurationProperties server = main.configure().httpServer();
        server.setEnabled(true);
        server.setHost(api.host());
        server.setPort(api.httpsPort());
        server.setMaxBodySize(api.maxBodyBytes());
        server.setUseGlobalSslContextParameters(true);

        HttpManagementServerConfigurationProperties management = main.configure().httpManagementServer();
        management.setEnabled(true);
        management.setHost(api.host());
        management.setPort(api.httpsPort());
        management.setUseGlobalSslContextParameters(true);
        management.setHealthCheckEnabled(true);
        management.setHealthPath(HEALTH_PATH);
        management.setMetricsEnabled(true);
        management.setInfoEnabled(false);
        management.setDevConsoleEnabled(devMode);
        if (devMode) {
            main.configure().setDevConsoleEnabled(true);
        }
    }

    /** The global SSL parameters that the server takes (camel.server.useGlobalSslContextParameters). */
    static SSLContextParameters tls(KeyStore keyStore) {
        KeyStoreParameters store = new KeyStoreParameters();
        store.setKeyStore(keyStore);
        store.setPassword(new String(PemKeyStore.PASSWORD));
        KeyManagersParameters keys = new KeyManagersParameters();
        keys.setKeyStore(store);
        keys.setKeyPassword(new String(PemKeyStore.PASSWORD));
        SecureSocketProtocolsParameters protocols = new SecureSocketProtocolsParameters();
        protocols.getSecureSocketProtocol().add("TLSv1.3");
        protocols.getSecureSocketProtocol().add("TLSv1.2");
        SSLContextServerParameters serverSide = new SSLContextServerParameters();
        serverSide.setSecureSocketProtocols(protocols);
        SSLContextParameters tls = new SSLContextParameters();
        tls.setKeyManagers(keys);
        tls.setServerParameters(serverSide);
        return tls;
    }

    /** Adds the CORS handler and the JSON error pages to the running server, and starts the plain-HTTP port. */
    static void serverStarted(CamelContext context, ApiSettings api, SecurityGate gate, boolean devMode, OperatorPages pages) {
        VertxPlatformHttpRouter router = VertxPlatformHttpRouter.lookup(context,
                VertxPlatformHttpRouter.getRouterNameFromPort(api.httpsPort()));
        if (router == null) {
            throw new IllegalStateException("the HTTP server on port " + api.httpsPort() + " did not start");
        }
        // Camel logs a failed bind and goes on without the server: a worker must not run without its API unnoticed
        if (!(router.getServer().getServer() instanceof HttpServerImpl server) || !server.isListening()) {
            throw new IllegalStateException("the API cannot listen on " + api.host() + ":" + api.httpsPort() + " (HTTPS_PORT):"
                    + " the port is taken by another process, or the address is not one of this machine's (HTTP_HOST);"
                    + " the log above has the reason");
        }
        if (api.cors().enabled()) {
            router.route().order(-1000).handler(new CorsHandler(api.cors(), api.apiKeyHeader()));
        }
        // ahead of Camel's body handler: no body is read for a caller the guard refuses
        router.route().order(-999).handler(gate);
        if (devMode) {
            // the developer console shows the routes, properties and threads: to this machine's callers only
            router.route("/q/dev*").order(-1001).handler(OperatorPages.localOnly(
                    "the developer console answers callers on this machine only", RoutingContext::next));
        }
        // the server's own top router answers unmatched paths; the routes' router is the top one of HTTP_PORT
        if (router.getServer().getServer().requestHandler() instanceof Router top) {
            HttpErrorHandlers.install(top, api.maxBodyBytes());
        }
        HttpErrorHandlers.install(router, api.maxBodyBytes());
        pages.serverStarted(router);
        api.plainHttpPort().ifPresent(port -> {
            try {
                context.addService(new PlainHttpServer(router, api.host(), port), true, true);
            } catch (Exception e) {
                throw new IllegalStateException("cannot serve plain HTTP on HTTP_PORT " + port + ": " + e.getMessage(), e);
            }
        });
    }
}
