package skeleton.api;

import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;

import org.apache.camel.CamelContext;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import skeleton.config.Problems;
import skeleton.api.EndpointMap.Endpoint;
import skeleton.config.Settings;

/**
 * The API side in one call: REST routes from the endpoint map, HTTPS server, OpenAPI document, Swagger UI, CORS and
 * health, added to a camel-main that the caller then starts. Everything is checked here, before the start.
 *
 * <p>Beans named by an {@code exec_method} must be bound ({@code main.bind}) before {@code install}. The HTTPS key
 * store becomes the context's global SSL parameters (camel.server.useGlobalSslContextParameters), and the API
 * routes handle their own errors only: routes added by others keep their own error handling.
 */
public final class ApiModule {

    private static final Logger LOG = LoggerFactory.getLogger(ApiModule.class);

    private ApiModule() {
    }

    /** The realm of the dev IAM that bin/dev-iam starts; the dev-mode default of IAM_SERVER_URL. */
    public static final String DEV_IAM_REALM = "http://localhost:8180/realms/skeleton";

    /**
     * Configures the given camel-main (REST routes from endpoint.json, HTTPS server, OpenAPI, Swagger UI, CORS,
     * health) before it starts, with the security check that {@code guards} makes (skeleton.security.ApiSecurity).
     * devMode = true when the worker runs on embedded defaults (then a missing certificate is generated into tls/
     * at first start, and IAM_SERVER_URL defaults to the dev IAM). Throws IllegalStateException with one message
     * listing every problem (file + JSON pointer) when endpoint.json or a setting is invalid.
     */
    public static void install(Main main, Settings given, boolean devMode, ApiGuard.Factory guards) {
        Settings settings = devMode && given.get("IAM_SERVER_URL").isEmpty() && given.get("IAM_JWKS_URL").isEmpty()
                ? given.with(java.util.Map.of("IAM_SERVER_URL", DEV_IAM_REALM), "the dev-mode default (bin/dev-iam)")
                : given;
        Problems problems = new Problems("settings");
        ApiSettings api = ApiSettings.from(settings, problems);
        EndpointMap map = new EndpointMapParser().read(api.endpointsFile(), api.endpointsFileShown(), problems);
        KeyStore keyStore = ServerCertificate.load(api, settings, devMode, problems);
        ApiGuard guard = guards.create(settings, api, devMode, problems);
        ExecMethodBinder binder = new ExecMethodBinder(main::lookup);
        List<ApiRoutes.Route> routes = map == null ? List.of() : routes(map, api, binder, guard, problems);
        if (map != null) {
            guard.review(map, problems);
        }
        problems.throwIfAny("the API cannot start");

        SecurityGate gate = new SecurityGate(guard);
        gate.serve(map);
        PublishedDocument document = new PublishedDocument();
        document.publish(OpenApiDocument.build(map, api));
        ApiRoutes apiRoutes = new ApiRoutes(routes);
        main.configure().addRoutesBuilder(apiRoutes);
        main.configure().addRoutesBuilder(new DocsRoutes(document, new SwaggerUiFiles(), api.title()));
        HttpServerSetup.configure(main, api, devMode);
        OperatorPages pages = new OperatorPages(guard, devMode, settings.get("OPERATOR_ROLE", "operator"));
        main.bind(OperatorPages.beanName(), pages);
        main.addMainListener(new MainListenerSupport() {
            @Override
            public void afterConfigure(BaseMainSupport started) {
                CamelContext context = started.getCamelContext();
                context.setSSLContextParameters(HttpServerSetup.tls(keyStore));
                binder.contextStarting(context);
                guard.contextConfigured(context);
                try {
                    context.addStartupListener((ctx, alreadyStarted) -> HttpServerSetup.serverStarted(ctx, api, gate, devMode, pages));
                    if (devMode) {
                        context.addService(new EndpointReloader(context, api, binder, guard, document, gate,
                                apiRoutes.routeIds()),
                                true, false);
                    }
                } catch (Exception e) {
                    throw new IllegalStateException("cannot register the API's start-up step: " + e.getMessage(), e);
                }
            }
        });
        LOG.info("API on https://{}:{} ({} endpoints from {}), docs at /docs, OpenAPI at /openapi.json, health at {}",
                api.host(), api.httpsPort(), map.endpoints().size(), map.source(), HttpServerSetup.HEALTH_PATH);
    }

    /** One route per endpoint and method, each with its validator and bound method; binding problems are reported. */
    static List<ApiRoutes.Route> routes(EndpointMap map, ApiSettings api, ExecMethodBinder binder, ApiGuard guard,
                                        Problems problems) {
        Problems binding = new Problems(map.source());
        RequestBodyReader bodies = new RequestBodyReader(api.maxBodyBytes(), api.maxJsonDepth());
        List<ApiRoutes.Route> routes = new ArrayList<>();
        for (Endpoint endpoint : map.endpoints()) {
            ExecMethodBinder.Invoker invoker = binder.bind(endpoint, binding);
            if (invoker == null) {
                continue;
            }
            for (HttpVerb verb : endpoint.methods()) {
                routes.add(new ApiRoutes.Route(endpoint, verb,
                        new EndpointProcessor(endpoint, verb, bodies, map, guard, invoker)));
            }
        }
        problems.addAll(binding);
        return routes;
    }
}
