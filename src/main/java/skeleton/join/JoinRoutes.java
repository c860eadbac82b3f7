package skeleton.join;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.sql.DataSource;

import org.apache.camel.CamelContext;
import org.apache.camel.processor.aggregate.DefaultAggregateController;
import org.apache.camel.spi.Registry;
import org.apache.camel.util.concurrent.SynchronousExecutorService;

import io.micrometer.core.instrument.MeterRegistry;
import skeleton.config.WorkerConfig;

/**
 * Wires one worker: binds its beans under {@code <consumer_name>.<role>} and instantiates the YAML route templates
 * {@code join-worker} and {@code join-deadlines} (src/main/resources/routes/join-worker.camel.yaml) for it.
 */
public final class JoinRoutes {

    /** What every worker of the process shares, from the settings. */
    public record Options(String processor, String idField, int maxRecordBytes, String deadLetterTopic,
                          long deadlineCheckMillis, int sessionTimeoutMs, Optional<String> groupInstanceId,
                          long recoveryIntervalMillis, boolean memoryRepository, int consumerThreads) {
    }

    private JoinRoutes() {
    }

    /** The ids of the routes {@link #instantiate} creates for a worker. */
    public static List<String> routeIds(WorkerConfig config) {
        return List.of(config.name(), config.name() + ".deadlines");
    }

    public static void add(CamelContext context, WorkerConfig config, Options options, DataSource dataSource,
                           MeterRegistry meters) throws Exception {
        String name = config.name();
        WorkerMetrics metrics = new WorkerMetrics(meters, name);
        IncompleteGroups incomplete = new IncompleteGroups(name, config.inputs(), metrics);
        DeadlineRepository repository = options.memoryRepository() ? new MemoryJoinRepository()
                : new JoinRepository(dataSource, JoinRepository.tableFor(name), options.recoveryIntervalMillis());
        Watermarks watermarks = new Watermarks();
        DefaultAggregateController controller = new DefaultAggregateController();
        WorkerProducer producer = new WorkerProducer(context, config.brokers(), config.outputs().get(0));
        DeadlineCheck deadlines = new DeadlineCheck(name, config.brokers(), repository, watermarks, controller, Clock.systemUTC());
        context.addService(deadlines, true, true);

        Registry registry = context.getRegistry();
        registry.bind(name + ".read-part", new PartReader(new PartParser(options.idField(), options.maxRecordBytes()), metrics));
        registry.bind(name + ".dead-letters", new DeadLetters(name, config.inputs(), options.deadLetterTopic(), producer, metrics));
        registry.bind(name + ".join", new TopicSlotStrategy(config.inputs(), config.timeoutMillis(), incomplete));
        registry.bind(name + ".repository", repository);
        registry.bind(name + ".controller", controller);
        // completed groups are sent on the thread that completed them: a one-topic worker's record is sent before
        // the consumer polls again (and commits), never handed to another thread that a crash would lose
        registry.bind(name + ".same-thread", new SynchronousExecutorService());
        registry.bind(name + ".joined-message", new JoinedMessage(name, config.inputs(), config.metadatas(), metrics));
        registry.bind(name + ".publish", new OutputPublisher(name, config.inputs(), config.outputs(), producer, metrics));
        registry.bind(name + ".expired-group", new ExpiredGroup(config.inputs(), config.timeoutMillis(), incomplete));
        registry.bind(name + ".batch-end", new BatchEnd(repository, watermarks));
        registry.bind(name + ".deadlines", deadlines);
        instantiate(context, config, options);
    }

    /** Creates the worker's two routes from the templates (again, after the route files were reloaded). */
    public static void instantiate(CamelContext context, WorkerConfig config, Options options) throws Exception {
        String name = config.name();
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("name", name);
        params.put("topics", String.join(",", config.inputs()));
        params.put("brokers", config.brokers());
        params.put("processor", options.processor());
        params.put("sessionTimeoutMs", options.sessionTimeoutMs());
        params.put("consumerThreads", options.consumerThreads());
        params.put("groupInstanceId", options.groupInstanceId().map(id -> id + "-" + name).orElse(""));
        context.addRouteFromTemplate(name, "join-worker", params);
        context.addRouteFromTemplate(name + ".deadlines", "join-deadlines",
                Map.of("name", name, "period", options.deadlineCheckMillis()));
    }
}
