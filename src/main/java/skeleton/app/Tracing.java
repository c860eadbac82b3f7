package skeleton.app;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.apache.camel.Exchange;
import org.apache.camel.main.Main;
import org.apache.camel.opentelemetry.SpanCustomizer;
import org.apache.camel.tracing.ActiveSpanManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigurationException;
import skeleton.config.ConfigException;
import skeleton.config.Settings;
import skeleton.join.JoinTraces;

/**
 * Traces, off unless configured: the OpenTelemetry SDK set up from the standard {@code OTEL_*} settings (environment,
 * {@code .env} or application.properties) by the SDK's own autoconfiguration, and Camel's OpenTelemetry tracer
 * ({@code camel.opentelemetry.*}) on top of it, for the HTTP requests and every send. The original's
 * {@code JAEGAR_AGENT_HOST_NAME} / {@code JAEGER_AGENT_PORT} become an OTLP endpoint on that host (Jaeger takes OTLP).
 */
final class Tracing implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Tracing.class);
    /** The Jaeger agent's UDP ports (Thrift), which the original named: Jaeger's OTLP/gRPC port answers on that host. */
    private static final List<String> AGENT_PORTS = List.of("6831", "6832");
    private static final String JAEGER_OTLP_PORT = "4317";

    private final OpenTelemetrySdk sdk;

    private Tracing(OpenTelemetrySdk sdk) {
        this.sdk = sdk;
    }

    /** The tracing the settings ask for; {@code serviceName} unless OTEL_SERVICE_NAME says otherwise. */
    static Tracing from(Settings raw, String serviceName) {
        Map<String, String> otel = otelProperties(raw);
        if (!configured(otel)) {
            return new Tracing(null);
        }
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("otel.service.name", serviceName);
        // the worker's metrics are Prometheus' (/observe/metrics), its logs the console's
        properties.put("otel.metrics.exporter", "none");
        properties.put("otel.logs.exporter", "none");
        if (otel.containsKey("otel.exporter.zipkin.endpoint") && !otel.containsKey("otel.traces.exporter")) {
            properties.put("otel.traces.exporter", "zipkin");
        }
        properties.putAll(otel);
        try {
            OpenTelemetrySdk sdk = AutoConfiguredOpenTelemetrySdk.builder()
                    .addPropertiesSupplier(() -> properties)
                    .disableShutdownHook()
                    .build()
                    .getOpenTelemetrySdk();
            LOG.info("tracing on: service {}, exporter {}", properties.get("otel.service.name"),
                    properties.getOrDefault("otel.traces.exporter", "otlp"));
            return new Tracing(sdk);
        } catch (ConfigurationException e) {
            throw new ConfigException("The worker's tracing settings are invalid", List.of(e.getMessage()
                    + " (an OTEL_* setting; see docs/operations.md)"));
        }
    }

    /**
     * The {@code OTEL_*} settings as the SDK spells them ({@code OTEL_SERVICE_NAME} is {@code otel.service.name}),
     * with the original's Jaeger agent settings mapped onto an OTLP endpoint when no endpoint is set.
     */
    static Map<String, String> otelProperties(Settings raw) {
        Map<String, String> otel = new LinkedHashMap<>();
        raw.asMap().forEach((k, v) -> {
            if (k.startsWith("OTEL_") && !v.isBlank()) {
                otel.put(k.toLowerCase(Locale.ROOT).replace('_', '.'), v);
            }
        });
        String host = raw.get("JAEGAR_AGENT_HOST_NAME").or(() -> raw.get("JAEGER_AGENT_HOST")).orElse("");
        if (!host.isBlank() && !otel.containsKey("otel.exporter.otlp.endpoint")
                && !otel.containsKey("otel.exporter.otlp.traces.endpoint")) {
            String port = raw.get("JAEGER_AGENT_PORT").filter(p -> !AGENT_PORTS.contains(p.trim())).orElse(JAEGER_OTLP_PORT);
            otel.put("otel.exporter.otlp.endpoint", "http://" + host.trim() + ":" + port.trim());
            otel.put("otel.exporter.otlp.protocol", "grpc");
            otel.putIfAbsent("otel.traces.exporter", "otlp");
        }
        return otel;
    }

    /** On when an exporter or an endpoint is named, and the SDK is not disabled. */
    private static boolean configured(Map<String, String> otel) {
        if (Boolean.parseBoolean(otel.getOrDefault("otel.sdk.disabled", "false"))) {
            return false;
        }
        String exporter = otel.get("otel.traces.exporter");
        if (exporter != null) {
            return !exporter.trim().equals("none");
        }
        return otel.containsKey("otel.exporter.otlp.endpoint") || otel.containsKey("otel.exporter.otlp.traces.endpoint")
                || otel.containsKey("otel.exporter.zipkin.endpoint");
    }

    boolean on() {
        return sdk != null;
    }

    /** For the workers' own spans; null when tracing is off. */
    OpenTelemetry telemetry() {
        return sdk;
    }

    /**
     * Camel's tracer on the SDK: it finds the tracer, the propagators and the parent rule bound here. A worker's poll
     * is one exchange of many ids and its deadline check a timer: neither is a span, the records and groups are.
     */
    void install(Main main, Properties props, List<String> workers) {
        if (sdk == null) {
            return;
        }
        main.bind("openTelemetryTracer", sdk.getTracer("camel"));
        main.bind("openTelemetryPropagators", sdk.getPropagators());
        main.bind("openTelemetryParent", new ParentFromJoin());
        List<String> excluded = new ArrayList<>();
        for (String worker : workers) {
            // regular expressions, without commas (the list's separator): a worker's input endpoint and its timer
            excluded.add("kafka:.*[?&]groupId=" + Pattern.quote(worker) + "(&.*)?");
            excluded.add("timer:/*" + Pattern.quote(worker + ".deadlines") + "(\\?.*)?");
        }
        props.putIfAbsent("camel.opentelemetry.enabled", "true");
        props.putIfAbsent("camel.opentelemetry.instrumentationName", "camel");
        props.putIfAbsent("camel.opentelemetry.excludePatterns", String.join(",", excluded));
    }

    /** Sends the spans still buffered; then the SDK is done. */
    @Override
    public void close() {
        if (sdk != null) {
            sdk.shutdown().join(10, TimeUnit.SECONDS);
        }
    }

    /**
     * A Camel span with no Camel parent (a send of a worker's route, whose poll is no span) is a child of the record
     * or group span the exchange carries: Camel's tracer knows only its own spans.
     */
    private static final class ParentFromJoin implements SpanCustomizer {
        @Override
        public void customize(SpanBuilder span, String operationName, Exchange exchange) {
            if (ActiveSpanManager.getSpan(exchange) == null && exchange.getProperty(JoinTraces.CONTEXT) instanceof Context c) {
                span.setParent(c);
            }
            if (exchange.getProperty(JoinTraces.WORKER_NAME) instanceof String worker) {
                span.setAttribute("worker", worker);
            }
        }
    }
}
