package skeleton.join;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import javax.sql.DataSource;

import org.apache.camel.CamelContext;
import org.apache.camel.NamedNode;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.processor.aggregate.DefaultAggregateController;
import org.apache.camel.spi.RoutePolicy;
import org.apache.camel.spi.RoutePolicyFactory;
import org.apache.camel.util.URISupport;
import org.apache.camel.util.concurrent.SynchronousExecutorService;

import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import skeleton.config.Pipeline;
import skeleton.config.WorkerConfig;

/**
 * Wires one worker: creates its objects once (repository, watermarks, strategy, ...) and instantiates the YAML
 * route templates {@code join-dead-letters}, {@code join-worker} and {@code join-deadlines}
 * (src/main/resources/routes/join-worker.camel.yaml) with them as template-local beans, again after a reload of
 * the route files. Every worker route gets its {@link PollPolicy} from the framework, not from the YAML.
 */
public final class JoinRoutes {

    /** What every worker of the process shares, from the settings. */
    public record Options(String processor, String idField, int maxRecordBytes, String deadLetterTopic,
                          long deadlineCheckMillis, int sessionTimeoutMs, Optional<String> groupInstanceId,
                          boolean memoryRepository, int consumerThreads, int redeliveries, long redeliveryDelayMillis,
                          long graceMillis, long holdMillis, int deliveryTimeoutMs, IncompletePolicy incompletePolicy,
                          long maxUpstreamWaitMillis) {
    }

    /** How many new groups one consumer holds in memory at most (see {@link HeldGroups}). */
    static final int HOLD_CAPACITY = 10_000;

    /** How long an output record may wait for others of its poll to share its produce request. */
    static final int OUTPUT_LINGER_MS = 5;
    static final int OUTPUT_BATCH_BYTES = 131_072;

    private final CamelContext context;
    private final WorkerConfig config;
    private final Options options;
    private final Map<String, Object> beans = new LinkedHashMap<>();
    /** This process's Kafka client id for the worker: the deadline check finds its consumers in the group by it. */
    private final String clientId;

    private JoinRoutes(CamelContext context, WorkerConfig config, Options options, String clientId) {
        this.context = context;
        this.config = config;
        this.options = options;
        this.clientId = clientId;
    }

    /** The ids of the routes {@link #addRoutes} creates for a worker. */
    public static List<String> routeIds(WorkerConfig config) {
        return List.of(config.name() + ".dead-letters", config.name(), config.name() + ".deadlines");
    }

    /**
     * Creates a worker's objects and its routes; {@code pipeline}: the whole table, whose workers writing this one's
     * inputs bound its watermarks; {@code telemetry} null: tracing off.
     */
    public static JoinRoutes add(CamelContext context, WorkerConfig config, Options options, Pipeline pipeline,
                                 DataSource dataSource, MeterRegistry meters, OpenTelemetry telemetry) throws Exception {
        String name = config.name();
        ReplayTopic replays = new ReplayTopic(name, config.inputs());
        Map<String, String> ownTopics = new LinkedHashMap<>();
        ownTopics.put(options.deadLetterTopic(), "dead-letter topic");
        ownTopics.put(replays.topic(), "replay topic");
        if (options.incompletePolicy() == IncompletePolicy.EXPIRED) {
            ownTopics.put(expiredTopic(name), "expired topic");
        }
        WorkerTopics.ensure(name, config.brokers(), ownTopics);
        WorkerMetrics metrics = new WorkerMetrics(meters, name);
        RecentOutcomes recent = new RecentOutcomes();
        IncompleteGroups incomplete = new IncompleteGroups(name, config.inputs(), metrics, recent);
        JoinRepository repository = options.memoryRepository() ? JoinRepository.memory()
                : JoinRepository.jdbc(dataSource, JoinRepository.tableFor(name));
        repository = repository.counted(meters, name);
        Watermarks watermarks = new Watermarks(options.graceMillis());
        DefaultAggregateController controller = new DefaultAggregateController();
        String clientId = name + "-" + UUID.randomUUID().toString().substring(0, 8);
        SentGroups sent = new SentGroups();
        PartParser parser = new PartParser(options.idField(), options.maxRecordBytes());
        PollPolicy policy = new PollPolicy(name, repository, watermarks, sent, parser, replays, config.inputs(), options.holdMillis(),
                HOLD_CAPACITY, new ConsumerLag(meters, name));
        policies(context).put(name, policy);
        StepErrors.of(context).watch(name);
        UpstreamWatermarks upstream = new UpstreamWatermarks(name, config.inputs(), UpstreamWatermarks.Graph.of(pipeline),
                options.graceMillis(), options.maxUpstreamWaitMillis());
        DeadlineCheck deadlines = new DeadlineCheck(name, clientId, config.brokers(), config.inputs(), repository, watermarks,
                upstream, controller, Clock.systemUTC());
        context.addService(deadlines, true, true);
        HealthCheckRegistry health = HealthCheckRegistry.get(context);
        if (health != null) {
            health.register(new ConsumersJoined(name, policy, options.consumerThreads()));
            health.register(new UpstreamWriters(name, upstream));
        }
        metrics.joinState(deadlines, policy, config.inputs(), config.timeoutMillis());

        JoinRoutes routes = new JoinRoutes(context, config, options, clientId);
        JoinTraces traces = new JoinTraces(name, options.processor(), config.inputs(), telemetry);
        routes.beans.put("part", new PartReader(parser, replays, metrics, traces));
        routes.beans.put("trace", traces);
        routes.beans.put("join", new TopicSlotStrategy(config.inputs(), config.timeoutMillis(), incomplete));
        routes.beans.put("repository", repository);
        routes.beans.put("controller", controller);
        // completed groups go on on the consumer's thread, inside the poll's unit of work
        routes.beans.put("sameThread", new SynchronousExecutorService());
        routes.beans.put("joined", new JoinedMessage(name, config.inputs(), config.metadatas(), metrics, sent, traces));
        routes.beans.put("result", new ResultRecord(metrics));
        routes.beans.put("outcomes", new Outcomes(name, config.outputs().size(), metrics, config.inputs(), recent));
        routes.beans.put("incomplete", new ExpiredGroup(config.inputs(), config.timeoutMillis(), incomplete,
                options.incompletePolicy()));
        routes.beans.put("retry", new RetryRule(options.redeliveries()));
        routes.beans.put("deadLetter", new DeadLetters(name, config.inputs(), options.deadLetterTopic(), metrics, recent));
        routes.beans.put("deadlines", deadlines);
        routes.addRoutes();
        Journeys.of(context).add(new Journey(name, config.inputs(), config.timeoutMillis(), repository, deadlines, recent,
                context));
        return routes;
    }

    /** Creates the worker's routes from the templates (again, after the route files were reloaded). */
    public void addRoutes() throws Exception {
        String name = config.name();
        // resolved anew with each creation of the routes: a reload must not send through endpoints it stopped
        List<String> outputs = outputs();
        beans.put("outputs", new OutputEndpoints(outputs));
        template("join-dead-letters", name + ".dead-letters", Map.of("name", name, "brokers", config.brokers(),
                "deadLetterTopic", options.deadLetterTopic(), "deliveryTimeoutMs", options.deliveryTimeoutMs(),
                "requestTimeoutMs", requestTimeoutMs()));
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("name", name);
        // the inputs, and the dead letters put back for this worker only
        params.put("topics", String.join(",", config.inputs()) + "," + ReplayTopic.of(name));
        params.put("brokers", config.brokers());
        params.put("processor", options.processor());
        params.put("sessionTimeoutMs", options.sessionTimeoutMs());
        params.put("consumerThreads", options.consumerThreads());
        params.put("clientId", clientId);
        params.put("groupInstanceId", options.groupInstanceId().map(id -> id + "-" + name).orElse(""));
        params.put("redeliveryDelay", options.redeliveryDelayMillis());
        params.put("incompletePolicy", options.incompletePolicy().value());
        params.put("expiredTopic", expiredTopic(name));
        params.put("deliveryTimeoutMs", options.deliveryTimeoutMs());
        params.put("requestTimeoutMs", requestTimeoutMs());
        params.put("outputCount", outputs.size());
        params.put("output", outputs.get(0));
        template("join-worker", name, params);
        template("join-deadlines", name + ".deadlines", Map.of("name", name, "period", options.deadlineCheckMillis()));
    }

    private void template(String template, String routeId, Map<String, Object> params) {
        TemplatedRouteBuilder builder = TemplatedRouteBuilder.builder(context, template).routeId(routeId).parameters(params);
        beans.forEach(builder::bean);
        builder.add();
    }

    /** The recipients of the outputs: a {@code kafka:} endpoint per topic of topics_output. */
    private List<String> outputs() throws Exception {
        Map<String, Object> producer = new LinkedHashMap<>();
        producer.put("brokers", config.brokers());
        producer.put("keySerializer", "org.apache.kafka.common.serialization.ByteArraySerializer");
        producer.put("valueSerializer", "org.apache.kafka.common.serialization.ByteArraySerializer");
        producer.put("requestRequiredAcks", "all");
        // not idempotent: one record the broker refuses (too large) would hold every later record of its partition
        // back until delivery.timeout.ms; a repeat after a retry is the same record, as after a crash
        producer.put("enableIdempotence", "false");
        producer.put("deliveryTimeoutMs", options.deliveryTimeoutMs());
        producer.put("requestTimeoutMs", requestTimeoutMs());
        // a poll's results are awaited together at its end: a few ms of linger make them a few produce requests
        // instead of one per result (each a wake-up of the sender and a request the broker handles)
        producer.put("lingerMs", OUTPUT_LINGER_MS);
        producer.put("producerBatchSize", OUTPUT_BATCH_BYTES);
        String query = URISupport.createQueryString(producer);
        List<String> uris = new ArrayList<>();
        for (String topic : config.outputs()) {
            uris.add("kafka:" + topic + "?" + query);
        }
        return uris;
    }

    /** Where {@code INCOMPLETE_POLICY=expired} keeps a worker's incomplete groups. */
    public static String expiredTopic(String worker) {
        return worker + ".expired";
    }

    /** Kafka wants a request timeout within the delivery timeout. */
    private int requestTimeoutMs() {
        return Math.min(30_000, options.deliveryTimeoutMs() / 2);
    }

    /** The poll policy of each worker route of the context, by route id; installed once per context. */
    @SuppressWarnings("unchecked")
    private static Map<String, RoutePolicy> policies(CamelContext context) {
        for (RoutePolicyFactory f : context.getRoutePolicyFactories()) {
            if (f instanceof PollPolicies p) {
                return p.byRoute;
            }
        }
        PollPolicies p = new PollPolicies();
        context.addRoutePolicyFactory(p);
        return p.byRoute;
    }

    private static final class PollPolicies implements RoutePolicyFactory {
        final Map<String, RoutePolicy> byRoute = new ConcurrentHashMap<>();

        @Override
        public RoutePolicy createRoutePolicy(CamelContext camelContext, String routeId, NamedNode route) {
            return byRoute.get(routeId);
        }
    }
}
