package skeleton.api;

import java.util.List;

import org.apache.camel.builder.RouteBuilder;

import skeleton.api.EndpointMap.Endpoint;

/**
 * The REST DSL routes of the endpoint map, one per endpoint and method, generated at start (no route text). Each
 * runs its {@link EndpointProcessor}; failures of these routes only are answered by {@link ServerErrorResponder}.
 */
public final class ApiRoutes extends RouteBuilder {

    /** One generated route: the endpoint, the method, and the processor that serves it. */
    public record Route(Endpoint endpoint, HttpVerb verb, EndpointProcessor processor) {

        public String id() {
            return "api-" + endpoint.operationName() + "-" + verb.lower();
        }
    }

    private final List<Route> routes;

    public ApiRoutes(List<Route> routes) {
        this.routes = List.copyOf(routes);
    }

    public List<String> routeIds() {
        return routes.stream().map(Route::id).toList();
    }

    @Override
    public void configure() {
        onException(Exception.class).handled(true).process(new ServerErrorResponder());

        for (Route route : routes) {
            Endpoint endpoint = route.endpoint();
            String direct = "direct:" + route.id();
            rest().verb(route.verb().lower(), endpoint.path())
                    .id(route.id()).routeId(route.id())
                    .description(endpoint.operationName() + " (" + endpoint.pointer() + ")")
                    .produces("application/json")
                    .to(direct);
            from(direct).process(route.processor());
        }
    }
}
