package skeleton.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import org.apache.camel.CamelContext;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.main.Main;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import skeleton.api.ApiModule;
import skeleton.api.OperatorPages;
import skeleton.config.ConsumerConfigs;
import skeleton.config.Database;
import skeleton.config.Pipeline;
import skeleton.config.Settings;
import skeleton.config.WorkerConfig;
import skeleton.config.WorkerSettings;
import skeleton.dev.DemoPipeline;
import skeleton.dev.EmbeddedKafka;
import skeleton.join.IncompletePolicy;
import skeleton.join.JoinRepository;
import skeleton.join.JoinRoutes;
import skeleton.join.Journeys;
import skeleton.security.ApiSecurity;

/**
 * One worker process: its settings, database, (in dev mode) embedded broker and demo configuration, and the
 * camel-main that runs a join route per selected row of {@code consumer_configs}.
 */
public final class Worker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Worker.class);
    private final WorkerSettings settings;
    private final Database database;
    private final EmbeddedKafka kafka;
    private final List<WorkerConfig> configs;
    private final PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Main main = new Main();
    private final List<JoinRoutes> workers = new ArrayList<>();
    private Tracing tracing;

    private Worker(WorkerSettings settings, Database database, EmbeddedKafka kafka, List<WorkerConfig> configs, Settings raw) {
        this.settings = settings;
        this.database = database;
        this.kafka = kafka;
        this.configs = configs;
        configureMain(raw);
    }

    /** Checks the settings and the configuration rows and prepares everything, without starting any route. */
    public static Worker create(Settings raw) {
        WorkerSettings settings = WorkerSettings.from(raw);
        Logging.bridgeJavaUtilLogging();
        raw.get("LOGGING_LEVEL").ifPresent(level -> Logging.setLevel(settings.loggingLevel()));
        if (settings.logFormat().equals("json")) {
            Logging.useJson();
        }
        EmbeddedKafka kafka = null;
        Database database = null;
        try {
            String url = Database.urlOf(settings);
            if (settings.devMode()) {
                kafka = EmbeddedKafka.start(settings.kafkaPort(), settings.dataDir().resolve("kafka"));
                LOG.info("dev mode: no database configured, so an embedded Kafka broker runs at {} and H2 at {}",
                        kafka.bootstrapServers(), url);
            }
            database = Database.open(url, settings.dbUser(), settings.dbPassword(), 4);
            if (settings.devMode()) {
                database.runScript("consumer_configs", Map.of("table", settings.tableName()));
                if (DemoPipeline.seedIfEmpty(database.dataSource(), settings.tableName(), kafka.bootstrapServers())) {
                    LOG.info("dev mode: seeded {} with the five-worker demo pipeline topic_1 -> topic_7", settings.tableName());
                }
            }
            String brokers = kafka != null ? kafka.bootstrapServers() : settings.kafkaBootstrapServers().orElse(null);
            return new Worker(settings, database, kafka, selectedRows(database, settings, brokers), raw);
        } catch (RuntimeException e) {
            if (database != null) {
                database.close();
            }
            if (kafka != null) {
                kafka.close();
            }
            throw e;
        }
    }

    /**
     * The rows CONSUMER_NAME selects, on {@code brokers} when given, with their join tables made and a database pool
     * sized for them.
     */
    static List<WorkerConfig> selectedRows(Database database, WorkerSettings settings, String brokers) {
        List<WorkerConfig> configs = new ArrayList<>();
        for (WorkerConfig c : ConsumerConfigs.load(database.dataSource(), settings.tableName(), settings.consumerName(),
                database.url())) {
            configs.add(brokers == null ? c : c.withBrokers(brokers));
            database.runScript("join_tables", Map.of("table", JoinRepository.tableFor(c.name())));
        }
        // per worker: each consumer thread and the deadline check
        database.resizePool(Math.max(4, configs.size() * (settings.consumerThreads() + 1)));
        return configs;
    }

    /** The whole table: the workers writing a worker's inputs bound its watermarks. */
    static Pipeline pipeline(Database database, WorkerSettings settings) {
        return Pipeline.of(ConsumerConfigs.rows(database.dataSource(), settings.tableName(), database.url()), settings.tableName());
    }

    private void configureMain(Settings raw) {
        Properties props = new Properties();
        props.putAll(raw.asMap());
        Management.configure(main, settings, raw, props, meters);
        // one worker per process is the rule in production: its name names the service
        tracing = Tracing.from(raw, configs.size() == 1 ? configs.get(0).name() : "consumer-skeleton");
        tracing.install(main, props, configs.stream().map(WorkerConfig::name).toList());
        main.setDefaultPropertyPlaceholderLocation("false");
        main.setInitialProperties(props);
        main.configure().withName("consumer-skeleton")
                .withRoutesIncludePattern(routesPattern())
                .withShutdownTimeout(15)
                .withJmxEnabled(false);
        if (settings.apiEnabled()) {
            ApiModule.install(main, raw, settings.devMode(), ApiSecurity::guard);
        }
        Management.ownPort(main, settings, raw);
    }

    private Optional<Path> routesDir() {
        if (settings.routesDir().isPresent()) {
            return settings.routesDir();
        }
        Path source = Path.of("src/main/resources/routes");
        return Files.isDirectory(source) ? Optional.of(source) : Optional.empty();
    }

    private String routesPattern() {
        return routesDir().map(d -> "file:" + d.toAbsolutePath() + "/*.camel.yaml").orElse("classpath:routes/*.camel.yaml");
    }

    private JoinRoutes.Options optionsFor(WorkerConfig c) {
        return optionsFor(settings, c);
    }

    /** The options of one worker's routes from the process's settings. */
    static JoinRoutes.Options optionsFor(WorkerSettings settings, WorkerConfig c) {
        return new JoinRoutes.Options(settings.processor(), settings.idField(), settings.maxRecordBytes(),
                settings.deadLetterTopicOf(c.name()), settings.deadlineCheckMillis(), settings.sessionTimeoutMs(),
                settings.groupInstanceId(), settings.joinRepository().equals("memory"), settings.consumerThreads(),
                settings.redeliveries(), settings.redeliveryDelayMillis(), settings.graceMillis(), settings.holdMillis(),
                settings.deliveryTimeoutMs(), IncompletePolicy.of(settings.incompletePolicyOf(c.name())),
                settings.maxUpstreamWaitMillis());
    }

    /** Dev mode: route file edits recreate the worker routes (see {@link RouteFilesReloader}). */
    private void watchRouteFiles() throws Exception {
        if (!settings.devMode() || routesDir().isEmpty()) {
            return;
        }
        main.getCamelContext().addService(new RouteFilesReloader(main.getCamelContext(), routesDir().get(),
                new RouteFilesReloader.Workers() {
                    @Override
                    public List<String> routeIds() {
                        return configs.stream().flatMap(c -> JoinRoutes.routeIds(c).stream()).toList();
                    }

                    @Override
                    public void recreate() throws Exception {
                        for (JoinRoutes w : workers) {
                            w.addRoutes();
                        }
                    }
                }), true, true);
    }

    private void addJoinRoutes() {
        HealthCheckRegistry health = HealthCheckRegistry.get(main.getCamelContext());
        if (health != null) {
            health.register(DependencyHealthChecks.database(database.dataSource(), database.url()));
            configs.stream().map(WorkerConfig::brokers).distinct().forEach(b -> health.register(DependencyHealthChecks.broker(b)));
        }
        Pipeline pipeline = pipeline(database, settings);
        pipeline.problems().stream().filter(p -> p.severity() == Pipeline.Severity.ERROR).forEach(p -> LOG.warn(
                "{}: {}; a row with an error writes nothing a worker waits for (the pipeline command lists every problem)",
                settings.tableName(), p.message()));
        for (WorkerConfig c : configs) {
            JoinRoutes.Options options = optionsFor(c);
            try {
                workers.add(JoinRoutes.add(main.getCamelContext(), c, options, pipeline, database.dataSource(), meters,
                        tracing.telemetry()));
            } catch (Exception e) {
                throw new IllegalStateException("cannot start worker " + c.name() + ": " + e.getMessage(), e);
            }
            LOG.info("worker {} started: {} -> join (timeout {} s) -> {} -> {} (dead letters: {}, incomplete groups: {})",
                    c.name(), c.inputs(), c.timeoutSeconds(), settings.processor(), c.outputs(), options.deadLetterTopic(),
                    options.incompletePolicy().value());
        }
        OperatorPages pages = OperatorPages.lookup(main.getCamelContext());
        if (pages != null) {
            Journeys journeys = Journeys.of(main.getCamelContext());
            pages.add("/observe/ids/:id", "id", journeys::of);
            PipelinePage page = new PipelinePage(database.dataSource(), settings.tableName(), meters,
                    configs.stream().map(WorkerConfig::name).collect(java.util.stream.Collectors.toSet()), journeys::watermark);
            pages.add("/observe/pipeline.json", null, id -> page.snapshot());
            pages.addShell("/observe/pipeline", PipelinePage::html);
        }
        try {
            watchRouteFiles();
        } catch (Exception e) {
            throw new IllegalStateException("cannot watch the route files: " + e.getMessage(), e);
        }
    }

    /** Starts Camel and the workers' routes and returns: the one start path, of {@link #run} and of the tests. */
    public Worker start() throws Exception {
        try {
            main.start();
            addJoinRoutes();
        } catch (Exception | Error e) {
            close();
            throw e;
        }
        return this;
    }

    /** Starts as {@link #start} does, then runs until the process is asked to stop (Ctrl-C, SIGTERM). */
    public void run() throws Exception {
        start();
        try {
            // started already: Camel's main adds its hang-up hook, waits for the stop, then stops gracefully
            main.run();
        } finally {
            closeResources();
        }
    }

    public CamelContext context() {
        return main.getCamelContext();
    }

    public MeterRegistry meters() {
        return meters;
    }

    public List<WorkerConfig> configs() {
        return configs;
    }

    public Database database() {
        return database;
    }

    /** The embedded broker's address in dev mode, else empty. */
    public Optional<String> embeddedBrokers() {
        return kafka == null ? Optional.empty() : Optional.of(kafka.bootstrapServers());
    }

    @Override
    public void close() {
        try {
            main.stop();
        } finally {
            closeResources();
        }
    }

    private void closeResources() {
        if (tracing != null) {
            tracing.close();
        }
        database.close();
        if (kafka != null) {
            kafka.close();
        }
    }
}
