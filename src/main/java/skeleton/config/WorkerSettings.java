package skeleton.config;

import java.nio.file.Path;
import java.util.ArrayList;
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
        Map<String, String> incompletePolicies) {

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
        List<String> problems = new ArrayList<>();
        String table = s.get("DB_TABLE_NAME", "consumer_configs");
        if (!IDENTIFIER.matcher(table).matches()) {
            problems.add("DB_TABLE_NAME \"" + table + "\" (from " + s.origin("DB_TABLE_NAME")
                    + ") is not a plain SQL table name (letters, digits, _; at most 63)");
        }
        String level = s.get("LOGGING_LEVEL", "INFO").toUpperCase();
        if (!LEVELS.contains(level)) {
            problems.add("LOGGING_LEVEL \"" + level + "\" (from " + s.origin("LOGGING_LEVEL") + ") is not one of " + LEVELS);
        }
        String dlq = s.get("DEAD_LETTER_TOPIC", "{name}.dlq");
        if (!dlq.replace("{name}", "x").matches("[A-Za-z0-9._-]{1,249}")) {
            problems.add("DEAD_LETTER_TOPIC \"" + dlq + "\" (from " + s.origin("DEAD_LETTER_TOPIC")
                    + ") is not a Kafka topic name ({name} stands for the worker)");
        }
        String logFormat = s.get("LOG_FORMAT", "text").toLowerCase();
        if (!List.of("text", "json").contains(logFormat)) {
            problems.add("LOG_FORMAT \"" + logFormat + "\" (from " + s.origin("LOG_FORMAT") + ") is not text or json");
        }
        String repository = s.get("JOIN_REPOSITORY", "jdbc").toLowerCase();
        if (!REPOSITORIES.contains(repository)) {
            problems.add("JOIN_REPOSITORY \"" + repository + "\" (from " + s.origin("JOIN_REPOSITORY") + ") is not one of "
                    + REPOSITORIES);
        }
        String api = s.get("API_ENABLED", "true").toLowerCase();
        if (!api.equals("true") && !api.equals("false")) {
            problems.add("API_ENABLED \"" + api + "\" (from " + s.origin("API_ENABLED") + ") is not true or false");
        }
        String policy = policy(s, "INCOMPLETE_POLICY", s.get("INCOMPLETE_POLICY", "discard"), problems);
        Map<String, String> policies = new TreeMap<>();
        s.asMap().keySet().stream().filter(k -> k.startsWith("INCOMPLETE_POLICY_")).forEach(k ->
                policies.put(k.substring("INCOMPLETE_POLICY_".length()), policy(s, k, s.get(k, ""), problems)));
        WorkerSettings settings = new WorkerSettings(
                s.get("CONSUMER_NAME", "*"),
                s.get("DB_URL"),
                s.get("DB_HOST"),
                positive(s, "DB_PORT", 3306, problems),
                s.get("DB_NAME", "test"),
                s.get("DB_USER", "root"),
                s.get("DB_PASSWORD", ""),
                table,
                s.get("KAFKA_BOOTSTRAP_SERVERS"),
                atLeastZero(s, "KAFKA_PORT", 9092, problems),
                Path.of(s.get("DATA_DIR", "data")),
                s.get("ROUTES_DIR").map(Path::of),
                s.get("PROCESSOR", "workerProcessor"),
                s.get("ID_FIELD", "id"),
                dlq,
                positive(s, "MAX_RECORD_BYTES", 1_048_576, problems),
                positive(s, "DEADLINE_CHECK_MS", 1000, problems),
                positive(s, "KAFKA_SESSION_TIMEOUT_MS", 10_000, problems),
                s.get("KAFKA_GROUP_INSTANCE_ID"),
                level,
                logFormat,
                repository,
                !api.equals("false"),
                s.get("MANAGEMENT_PORT").map(v -> number(s, "MANAGEMENT_PORT", 0, 1, "a port number from 1 to 65535",
                        problems)),
                positive(s, "CONSUMER_THREADS", 1, problems),
                atLeastZero(s, "REDELIVERIES", 3, problems),
                positive(s, "REDELIVERY_DELAY_MS", 1000, problems),
                atLeastZero(s, "GRACE_MS", 5000, problems),
                atLeastZero(s, "JOIN_HOLD_MS", 5000, problems),
                positive(s, "DELIVERY_TIMEOUT_MS", 120_000, problems),
                policy,
                Map.copyOf(policies));
        if (settings.consumerThreads() > 1 && settings.groupInstanceId().isPresent()) {
            problems.add("CONSUMER_THREADS " + settings.consumerThreads() + " (from " + s.origin("CONSUMER_THREADS")
                    + ") and KAFKA_GROUP_INSTANCE_ID (from " + s.origin("KAFKA_GROUP_INSTANCE_ID") + ") exclude each other:"
                    + " static membership gives every consumer of a worker the same instance id, and the broker fences"
                    + " all but one; use one consumer thread, or unset KAFKA_GROUP_INSTANCE_ID");
        }
        settings.managementPort().filter(p -> p > 65_535).ifPresent(p -> problems.add("MANAGEMENT_PORT \"" + p
                + "\" (from " + s.origin("MANAGEMENT_PORT") + ") is not a port number from 1 to 65535"));
        if (!problems.isEmpty()) {
            throw new ConfigException("The worker's settings are invalid", problems);
        }
        return settings;
    }

    private static final List<String> POLICIES = List.of("discard", "partial", "expired");

    private static String policy(Settings s, String key, String value, List<String> problems) {
        String v = value.trim().toLowerCase();
        if (!POLICIES.contains(v)) {
            problems.add(key + " \"" + value + "\" (from " + s.origin(key) + ") is not one of " + POLICIES);
            return "discard";
        }
        return v;
    }

    private static int atLeastZero(Settings s, String key, int fallback, List<String> problems) {
        return number(s, key, fallback, 0, "a whole number of 0 or more", problems);
    }

    private static int positive(Settings s, String key, int fallback, List<String> problems) {
        return number(s, key, fallback, 1, "a positive whole number", problems);
    }

    private static int number(Settings s, String key, int fallback, int min, String what, List<String> problems) {
        Optional<String> raw = s.get(key);
        if (raw.isEmpty()) {
            return fallback;
        }
        try {
            int v = Integer.parseInt(raw.get());
            if (v >= min) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        problems.add(key + " \"" + raw.get() + "\" (from " + s.origin(key) + ") is not " + what);
        return fallback;
    }
}
