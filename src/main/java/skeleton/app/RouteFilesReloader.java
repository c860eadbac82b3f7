package skeleton.app;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dev mode: when a {@code *.camel.yaml} file of the routes directory changes, reloads the route files and creates
 * the workers' routes again from the new templates. Only these routes are touched: the REST routes keep serving.
 * (Camel's own reload removes every route, the generated REST routes included.)
 */
final class RouteFilesReloader extends ServiceSupport {

    private static final Logger LOG = LoggerFactory.getLogger(RouteFilesReloader.class);

    /** Stops and recreates the routes built from the templates. */
    interface Workers {
        List<String> routeIds();

        void recreate() throws Exception;
    }

    private final CamelContext context;
    private final Path dir;
    private final Workers workers;
    private WatchService watcher;

    RouteFilesReloader(CamelContext context, Path dir, Workers workers) {
        this.context = context;
        this.dir = dir.toAbsolutePath();
        this.workers = workers;
    }

    @Override
    protected void doStart() throws IOException {
        watcher = FileSystems.getDefault().newWatchService();
        dir.register(watcher, StandardWatchEventKinds.ENTRY_MODIFY, StandardWatchEventKinds.ENTRY_CREATE);
        Thread t = new Thread(this::watch, "route-files-reloader");
        t.setDaemon(true);
        t.start();
        LOG.info("dev mode: edits to {}/*.camel.yaml reload the worker routes without a restart", dir);
    }

    private void watch() {
        try {
            while (isRunAllowed()) {
                WatchKey key = watcher.take();
                boolean yaml = key.pollEvents().stream().anyMatch(e -> e.context().toString().endsWith(".camel.yaml"));
                key.reset();
                if (yaml) {
                    // an editor writes a file in several steps: let them finish, then take every pending event
                    WatchKey more;
                    while ((more = watcher.poll(300, TimeUnit.MILLISECONDS)) != null) {
                        more.pollEvents();
                        more.reset();
                    }
                    reload();
                }
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            Thread.currentThread().interrupt();
        }
    }

    void reload() {
        try {
            List<String> ids = new ArrayList<>(workers.routeIds());
            for (Route r : context.getRoutes()) {
                Resource source = r.getSourceResource();
                if (source != null && source.getLocation().contains(dir.toString()) && !ids.contains(r.getRouteId())) {
                    ids.add(r.getRouteId());
                }
            }
            for (String id : ids) {
                context.getRouteController().stopRoute(id);
                context.removeRoute(id);
            }
            context.removeRouteTemplates("*");
            List<Resource> files = new ArrayList<>();
            try (Stream<Path> list = Files.list(dir)) {
                list.filter(p -> p.toString().endsWith(".camel.yaml")).sorted()
                        .forEach(p -> files.add(ResourceHelper.resolveResource(context, "file:" + p)));
            }
            PluginHelper.getRoutesLoader(context).loadRoutes(files);
            workers.recreate();
            LOG.info("dev mode: reloaded {} route files from {}; routes {} recreated", files.size(), dir, workers.routeIds());
        } catch (Exception e) {
            LOG.error("dev mode: the route files in {} could not be loaded, the worker routes are stopped until they are fixed: {}",
                    dir, e.getMessage());
        }
    }

    @Override
    protected void doStop() throws IOException {
        if (watcher != null) {
            watcher.close();
        }
    }
}
