package skeleton.api;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.camel.CamelContext;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import skeleton.config.Problems;

/**
 * Dev mode only: watches the endpoint file and, when it changes, swaps the API routes and the published document
 * for those of the new file, without a restart. A file with problems is reported in the log and the running
 * endpoints stay as they were.
 */
final class EndpointReloader extends ServiceSupport {

    private static final Logger LOG = LoggerFactory.getLogger(EndpointReloader.class);

    private final CamelContext context;
    private final ApiSettings api;
    private final ExecMethodBinder binder;
    private final ApiGuard guard;
    private final PublishedDocument document;
    private final SecurityGate gate;
    private List<String> routeIds;
    private FileTime seen;
    private ScheduledExecutorService timer;

    EndpointReloader(CamelContext context, ApiSettings api, ExecMethodBinder binder, ApiGuard guard,
                     PublishedDocument document, SecurityGate gate, List<String> routeIds) {
        this.context = context;
        this.api = api;
        this.binder = binder;
        this.guard = guard;
        this.document = document;
        this.gate = gate;
        this.routeIds = new ArrayList<>(routeIds);
    }

    @Override
    protected void doStart() {
        seen = modified();
        timer = context.getExecutorServiceManager().newSingleThreadScheduledExecutor(this, "api-endpoints-reload");
        timer.scheduleWithFixedDelay(this::checkNow, 1, 1, TimeUnit.SECONDS);
        LOG.info("Dev mode: edits to {} reload the endpoints without a restart", api.endpointsFileShown());
    }

    @Override
    protected void doStop() {
        if (timer != null) {
            context.getExecutorServiceManager().shutdownNow(timer);
            timer = null;
        }
    }

    void checkNow() {
        FileTime now = modified();
        if (now == null || now.equals(seen)) {
            return;
        }
        seen = now;
        try {
            reload();
        } catch (Exception e) {
            LOG.error("Reloading {} failed; the previous endpoints stay in place", api.endpointsFileShown(), e);
        }
    }

    private void reload() throws Exception {
        Problems problems = new Problems(api.endpointsFileShown());
        EndpointMap map = new EndpointMapParser().read(api.endpointsFile(), api.endpointsFileShown(), problems);
        List<ApiRoutes.Route> routes = map == null ? List.of()
                : ApiModule.routes(map, api, binder, guard, problems);
        if (map != null) {
            guard.review(map, problems);
        }
        if (!problems.isEmpty()) {
            LOG.error("{} was edited but not reloaded ({} problems); the previous endpoints stay in place:\n  {}",
                    api.endpointsFileShown(), problems.list().size(), String.join("\n  ", problems.list()));
            return;
        }
        binder.contextStarting(context);
        for (String id : routeIds) {
            context.getRouteController().stopRoute(id);
            context.removeRoute(id);
        }
        ApiRoutes builder = new ApiRoutes(routes);
        context.addRoutes(builder);
        routeIds = new ArrayList<>(builder.routeIds());
        document.publish(OpenApiDocument.build(map, api));
        gate.serve(map);
        LOG.info("Reloaded {}: {} endpoints, routes {}", api.endpointsFileShown(), map.endpoints().size(), routeIds);
    }

    private FileTime modified() {
        try {
            return Files.getLastModifiedTime(api.endpointsFile());
        } catch (IOException e) {
            return null;
        }
    }
}
