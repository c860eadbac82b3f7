package skeleton.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The worker's own settings, typed and checked once at start-up. {@link #from(Settings)} collects every problem and
 * fails once with all of them.
 */
public record WorkerSettings(
        String consumerName,
        Optional<String> dbUrl,
        Optional<String> dbHost,
        int dbPort,
        String dbName,
        String dbUser,
        String dbPassword,
        String tableName,
        Optional<String> kafkaBootstrapServers,
        int kafkaPort,
        Path dataDir,
        Optional<Path> routesDir,
        String processor,
        String idField,
        String deadLetterTopic,
        int maxRecordBytes,
        long deadlineCheckMillis,
        int sessionTimeoutMs,
        Optional<String> groupInstanceId,
        String loggingLevel,
        String logFormat,
        String joinRepository,
        boolean apiEnabled,
        Optional<Integer> managementPort,
        int consumerThreads,
        int redeliveries,
        long redeliveryDelayMillis,
        long graceMillis,
        long holdMillis,
        int deliveryTimeoutMs,
        String incompletePolicy,
        Map<String, String> incompletePolicies,
        long maxUpstreamWaitMillis) {

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");
    private static final List<String> REPOSITORIES = List.of("jdbc", "memory");
    private static final List<String> LEVELS = List.of("TRACE", "DEBUG", "INFO", "WARN", "WARNING", "ERROR", "CRITICAL", "OFF");

    /** True when no database is configured: the worker then starts its embedded broker and H2 with the demo. */
    public boolean devMode() {
        return dbUrl.isEmpty() && dbHost.isEmpty();
    }

    /** The INCOMPLETE_POLICY of one worker: its own ({@code INCOMPLETE_POLICY_<consumer_name>}), else the process's. */
    public String incompletePolicyOf(String worker) {
        return incompletePolicies.getOrDefault(worker, incompletePolicy);
    }

    /** The dead-letter topic of one worker: {@code DEAD_LETTER_TOPIC} with {@code {name}} replaced. */
    public String deadLetterTopicOf(String worker) {
        return deadLetterTopic.replace("{name}", worker);
    }

    public static WorkerSettings from(Settings s) {
        Problems problems = new Problems("the settings");
        SettingsReader r = new SettingsReader(s, problems);
        String table = r.text("DB_TABLE_NAME", "consumer_configs");
        if (!IDENTIFIER.matcher(table).matches()) {
            r.problem("DB_TABLE_NAME", table, "is not a plain SQL table name (letters, digits, _; at most 63)");
        }
        String level = r.oneOf("LOGGING_LEVEL", "INFO", LEVELS);
        String dlq = r.text("DEAD_LETTER_TOPIC", "{name}.dlq");
        if (!dlq.replace("{name}", "x").matches("[A-Za-z0-9._-]{1,249}")) {
            r.problem("DEAD_LETTER_TOPIC", dlq, "is not a Kafka topic name ({name} stands for the worker)");
        }
        String policy = r.oneOf("INCOMPLETE_POLICY", "discard", POLICIES);
        Map<String, String> policies = new TreeMap<>();
        s.asMap().keySet().stream().filter(k -> k.startsWith("INCOMPLETE_POLICY_")).forEach(k ->
                policies.put(k.substring("INCOMPLETE_POLICY_".length()), r.oneOf(k, "discard", POLICIES)));
        WorkerSettings settings = new WorkerSettings(
                r.text("CONSUMER_NAME", "*"),
                r.optional("DB_URL"),
                r.optional("DB_HOST"),
                r.port("DB_PORT", 3306),
                r.text("DB_NAME", "test"),
                r.text("DB_USER", "root"),
                r.text("DB_PASSWORD", ""),
                table,
                r.optional("KAFKA_BOOTSTRAP_SERVERS"),
                (int) r.number("KAFKA_PORT", 9092, 0, 65_535),
                Path.of(r.text("DATA_DIR", "data")),
                r.optional("ROUTES_DIR").map(Path::of),
                r.text("PROCESSOR", "workerProcessor"),
                r.text("ID_FIELD", "id"),
                dlq,
                r.integer("MAX_RECORD_BYTES", 1_048_576, 1),
                r.integer("DEADLINE_CHECK_MS", 1000, 1),
                r.integer("KAFKA_SESSION_TIMEOUT_MS", 10_000, 1),
                r.optional("KAFKA_GROUP_INSTANCE_ID"),
                level,
                r.oneOf("LOG_FORMAT", "text", List.of("text", "json")),
                r.oneOf("JOIN_REPOSITORY", "jdbc", REPOSITORIES),
                r.bool("API_ENABLED", true),
                r.optional("MANAGEMENT_PORT").map(v -> r.port("MANAGEMENT_PORT", 0)),
                r.integer("CONSUMER_THREADS", 1, 1),
                r.integer("REDELIVERIES", 3, 0),
                r.integer("REDELIVERY_DELAY_MS", 1000, 1),
                r.integer("GRACE_MS", 5000, 0),
                r.integer("JOIN_HOLD_MS", 5000, 0),
                r.integer("DELIVERY_TIMEOUT_MS", 120_000, 1),
                policy,
                Map.copyOf(policies),
                r.duration("MAX_UPSTREAM_WAIT", 600_000));
        if (settings.consumerThreads() > 1 && settings.groupInstanceId().isPresent()) {
            r.problem("CONSUMER_THREADS " + settings.consumerThreads() + " (set in " + s.origin("CONSUMER_THREADS")
                    + ") and KAFKA_GROUP_INSTANCE_ID (set in " + s.origin("KAFKA_GROUP_INSTANCE_ID") + ") exclude each other:"
                    + " static membership gives every consumer of a worker the same instance id, and the broker fences"
                    + " all but one; use one consumer thread, or unset KAFKA_GROUP_INSTANCE_ID");
        }
        problems.throwIfAny("The worker's settings are invalid");
        return settings;
    }

    private static final List<String> POLICIES = List.of("discard", "partial", "expired");
}
