package skeleton.app;

import java.util.List;
import java.util.Properties;

import org.apache.camel.main.HttpManagementServerConfigurationProperties;
import org.apache.camel.main.Main;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import skeleton.config.ConfigException;
import skeleton.config.Settings;
import skeleton.config.WorkerSettings;

/**
 * The operator's side of a worker, all Camel's own: metrics in Prometheus text at {@code /observe/metrics}
 * (camel-micrometer-prometheus: the worker's counters and gauges, Camel's route metrics, JVM metrics) and health at
 * {@code /observe/health} with {@code /live} and {@code /ready}. They are served on the API's HTTPS port, or, with
 * {@code MANAGEMENT_PORT}, on a port of their own over plain HTTP, for a cluster-internal scrape and probes (and the
 * only way to reach them when {@code API_ENABLED=false}).
 */
final class Management {

    static final String METRICS_PATH = "/observe/metrics";
    static final String HEALTH_PATH = "/observe/health";
    /** JVM figures, by the names of Micrometer's binders. */
    private static final String BINDERS = "jvm-memory,jvm-gc,jvm-thread,class-loader,processor,uptime,file-descriptor";

    private Management() {
    }

    /**
     * Binds the worker's registry and sets Camel's metrics defaults into the worker's properties; a
     * {@code camel.metrics.*} key of the user's (application.properties, environment) wins.
     */
    static void configure(Main main, WorkerSettings settings, Settings raw, Properties props, PrometheusMeterRegistry meters) {
        // Camel's Prometheus service takes the registry bound under this name, so the worker's meters are in the scrape
        main.bind("metricsRegistry", meters);
        // as properties: camel-main 4.18 applies camel.metrics.* keys only, not main.configure().metrics() setters
        props.putIfAbsent("camel.metrics.enabled", "true");
        props.putIfAbsent("camel.metrics.path", METRICS_PATH);
        props.putIfAbsent("camel.metrics.enableRoutePolicy", "true");
        props.putIfAbsent("camel.metrics.enableRouteEventNotifier", "true");
        // an event per exchange, and a worker makes several per record: the route policy has the route figures
        props.putIfAbsent("camel.metrics.enableExchangeEventNotifier", "false");
        props.putIfAbsent("camel.metrics.binders", BINDERS);
    }

    /** With MANAGEMENT_PORT, moves metrics and health there, plain HTTP; after the API's server is configured. */
    static void ownPort(Main main, WorkerSettings settings, Settings raw) {
        if (settings.managementPort().isEmpty()) {
            return;
        }
        int port = settings.managementPort().get();
        for (String key : List.of("HTTPS_PORT", "HTTP_PORT")) {
            if (settings.apiEnabled() && raw.get(key, key.equals("HTTPS_PORT") ? "8443" : "").equals(Integer.toString(port))) {
                throw new ConfigException("The worker's settings are invalid", List.of("MANAGEMENT_PORT " + port + " (from "
                        + raw.origin("MANAGEMENT_PORT") + ") is the same as " + key + ": give the management port its own"));
            }
        }
        HttpManagementServerConfigurationProperties management = main.configure().httpManagementServer();
        management.setEnabled(true);
        management.setHost(raw.get("HTTP_HOST", "0.0.0.0"));
        management.setPort(port);
        management.setUseGlobalSslContextParameters(false);
        management.setHealthCheckEnabled(true);
        management.setHealthPath(HEALTH_PATH);
        management.setMetricsEnabled(true);
        management.setInfoEnabled(false);
        management.setDevConsoleEnabled(false);
    }
}
