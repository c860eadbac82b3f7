package skeleton.app;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.SimpleEventNotifierSupport;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import skeleton.config.ConfigException;
import skeleton.config.Database;
import skeleton.config.Settings;
import skeleton.config.Pipeline;
import skeleton.config.WorkerConfig;
import skeleton.config.WorkerSettings;
import skeleton.join.JoinRoutes;

/**
 * The workers of {@code consumer_configs} in a Camel the worker's own start-up did not make: Camel JBang's
 * {@code camel run} (its engine, KameletMain), which loads the route files and compiles the processor from source.
 * Named by {@code camel.main.routesBuilderClasses}; the settings are the Camel properties ({@code application.properties},
 * {@code --property}), the environment winning, as for the packaged worker. It needs a database and a broker named
 * (DB_URL or DB_HOST; the rows' kafka_bootstrap_server or KAFKA_BOOTSTRAP_SERVERS): no dev services here.
 */
public final class CamelRunWorkers extends RouteBuilder {

    private static final Logger LOG = LoggerFactory.getLogger(CamelRunWorkers.class);

    @Override
    public void configure() {
        CamelContext context = getContext();
        // once started: the YAML templates are loaded and the processor compiled from source is bound by then
        context.getManagementStrategy().addEventNotifier(new SimpleEventNotifierSupport() {
            @Override
            public void notify(CamelEvent event) throws Exception {
                if (event instanceof CamelEvent.CamelContextStartedEvent) {
                    startWorkers(context);
                }
            }

            @Override
            public boolean isEnabled(CamelEvent event) {
                return event instanceof CamelEvent.CamelContextStartedEvent;
            }
        });
    }

    private static void startWorkers(CamelContext context) throws Exception {
        Map<String, String> values = new LinkedHashMap<>();
        Properties props = context.getPropertiesComponent().loadProperties();
        props.stringPropertyNames().forEach(k -> values.put(k, props.getProperty(k)));
        values.putAll(System.getenv());
        Settings raw = Settings.of(values);
        WorkerSettings settings = WorkerSettings.from(raw);
        if (settings.devMode()) {
            throw new ConfigException("camel run cannot start the workers", List.of("no database is named: set DB_URL"
                    + " (or DB_HOST) with --property or in application.properties; the embedded dev services belong to the"
                    + " packaged worker (mvn compile exec:java)"));
        }
        Database database = Database.open(Database.urlOf(settings), settings.dbUser(), settings.dbPassword(), 4);
        context.addService(new ServiceSupport() {
            @Override
            protected void doStop() {
                database.close();
            }
        }, true, true);
        MeterRegistry meters = context.getRegistry().findSingleByType(MeterRegistry.class);
        meters = meters != null ? meters : new SimpleMeterRegistry();
        Pipeline pipeline = Worker.pipeline(database, settings);
        for (WorkerConfig c : Worker.selectedRows(database, settings, settings.kafkaBootstrapServers().orElse(null))) {
            JoinRoutes.add(context, c, Worker.optionsFor(settings, c), pipeline, database.dataSource(), meters, null);
            LOG.info("worker {} started: {} -> join (timeout {} s) -> {} -> {}", c.name(), c.inputs(), c.timeoutSeconds(),
                    settings.processor(), c.outputs());
        }
    }
}
