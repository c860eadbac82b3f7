package skeleton.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The packaged worker ({@code target/consumer-skeleton.jar}, built by {@code mvn package}) started as its own OS
 * process, as a user runs it, for the black-box tests that kill, stop or restart it. Its settings are exactly the
 * {@code env} given: the worker's keys that the developer's shell may hold ({@link #WORKER_KEYS}) are removed from
 * the inherited environment first. Its output is also written to {@code target/worker-processes/<name>-<n>-<test JVM pid>.log}.
 */
public final class WorkerProcess extends ChildProcess {

    /** The keys of docs/configuration.md; a test that guards this list reads the page itself. */
    static final Set<String> WORKER_KEYS = Set.of(
            "CONSUMER_NAME", "DB_URL", "DB_HOST", "DB_PORT", "DB_NAME", "DB_USER", "DB_PASSWORD", "DB_TABLE_NAME",
            "LOGGING_LEVEL", "LOG_FORMAT", "MANAGEMENT_PORT", "PROCESSOR", "KAFKA_BOOTSTRAP_SERVERS", "KAFKA_PORT", "KAFKA_SESSION_TIMEOUT_MS",
            "KAFKA_GROUP_INSTANCE_ID", "CONSUMER_THREADS", "DATA_DIR", "ROUTES_DIR", "ID_FIELD", "DEAD_LETTER_TOPIC",
            "MAX_RECORD_BYTES", "MAX_UPSTREAM_WAIT", "DEADLINE_CHECK_MS", "GRACE_MS", "JOIN_HOLD_MS", "REDELIVERIES", "REDELIVERY_DELAY_MS",
            "DELIVERY_TIMEOUT_MS", "JOIN_REPOSITORY", "API_ENABLED", "ENDPOINTS_FILE", "HTTPS_PORT",
            "HTTP_PORT", "HTTP_HOST", "CERTIFICATE_APP", "KEY_APP", "CORS_ALLOWED_ORIGINS", "CORS_ALLOW_CREDENTIALS",
            "TOKEN_URL", "AUTH_URL", "API_KEY_HEADER", "DISABLE_SECURITY", "IAM_SERVER_URL", "IAM_JWKS_URL", "IAM_ISSUER",
            "IAM_AUDIENCE", "IAM_CLIENT_ID", "JWT_CLOCK_SKEW_SECONDS", "JWKS_REFRESH_MIN_SECONDS", "JWT_CACHE_SIZE",
            "JWT_TOKEN_LOCATION", "API_KEYS_FILE", "API_KEYS", "MAX_BODY_BYTES", "MAX_JSON_DEPTH", "API_TITLE", "INCOMPLETE_POLICY",
            "JAEGAR_AGENT_HOST_NAME", "JAEGER_AGENT_HOST", "JAEGER_AGENT_PORT", "OPERATOR_ROLE");
    /** And {@code camel.beans.<name>}, and any other Camel property given as an environment variable. */
    static final String CAMEL_PREFIX = "camel.";
    /** And OpenTelemetry's variables (docs/configuration.md's {@code OTEL_*}): a developer's tracing setup stays out of the tests. */
    static final String OTEL_PREFIX = "OTEL_";

    private static final Map<String, AtomicInteger> STARTED = new ConcurrentHashMap<>();

    /** The temporary working directory this class made, deleted on close; null when the test gave one. */
    private final Path ownWorkDir;

    private WorkerProcess(ProcessBuilder builder, String description, Path logFile, Path ownWorkDir) throws IOException {
        super(builder, description, logFile);
        this.ownWorkDir = ownWorkDir;
    }

    /** Starts {@code java -jar target/consumer-skeleton.jar} in a fresh temporary working directory, deleted on close. */
    public static WorkerProcess start(Map<String, String> env) throws IOException {
        return start(env, List.of("-jar", jar().toString()), Files.createTempDirectory("worker-process"), true);
    }

    /** Runs one of the jar's commands, {@code java -jar target/consumer-skeleton.jar args...}, in a fresh directory. */
    public static WorkerProcess command(Map<String, String> env, String... args) throws IOException {
        List<String> launch = new ArrayList<>(List.of("-jar", jar().toString()));
        launch.addAll(List.of(args));
        return start(env, launch, Files.createTempDirectory("worker-command"), true);
    }

    /** As {@link #start(Map)}, with the tests' classes on the class path too (their processors, for instance). */
    public static WorkerProcess startWithTestClasses(Map<String, String> env) throws IOException {
        String classPath = jar() + java.io.File.pathSeparator + Path.of("target", "test-classes").toAbsolutePath();
        return start(env, List.of("-cp", classPath, "skeleton.app.Main"), Files.createTempDirectory("worker-process"), true);
    }

    /**
     * Starts {@code java -jar target/consumer-skeleton.jar} in {@code workDir} (its {@code .env} and
     * {@code application.properties} are read, as a user's would be) with {@code env} as the worker's environment.
     */
    public static WorkerProcess start(Map<String, String> env, Path workDir) throws IOException {
        return start(env, List.of("-jar", jar().toString()), workDir, false);
    }

    private static Path jar() {
        Path jar = Path.of("target", "consumer-skeleton.jar").toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no " + jar + ": run the integration tests with mvn verify, which packages the jar first");
        }
        return jar;
    }

    private static WorkerProcess start(Map<String, String> env, List<String> launch, Path workDir, boolean own) throws IOException {
        List<String> command = new ArrayList<>(List.of(java()));
        command.addAll(launch);
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile());
        Map<String, String> childEnv = builder.environment();
        childEnv.keySet().removeIf(k -> WORKER_KEYS.contains(k) || k.startsWith(CAMEL_PREFIX) || k.startsWith(OTEL_PREFIX)
                || k.startsWith("INCOMPLETE_POLICY_"));
        childEnv.putAll(env);
        String name = env.getOrDefault("CONSUMER_NAME", "worker").replaceAll("[^A-Za-z0-9_.-]", "_");
        int n = STARTED.computeIfAbsent(name, k -> new AtomicInteger()).incrementAndGet();
        return new WorkerProcess(builder, "worker process " + name + "-" + n,
                Path.of("target", "worker-processes", name + "-" + n + "-" + ProcessHandle.current().pid() + ".log"), own ? workDir : null);
    }

    /** Waits until the worker {@code name} logs that it started (its routes run); fails with its last lines otherwise. */
    public void awaitStarted(String name) {
        awaitLine("worker " + name + " started", Duration.ofSeconds(60));
    }

    /** Kills the worker if it still runs; deletes its working directory if this class made it. */
    @Override
    public void close() {
        super.close();
        if (ownWorkDir != null) {
            deleteTree(ownWorkDir);
        }
    }
}
