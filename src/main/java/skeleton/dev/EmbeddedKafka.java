package skeleton.dev;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real, single-node Apache Kafka broker (KRaft mode, broker and controller in one process) running inside this
 * JVM. It exists so that a worker can run with no Kafka installed: in dev mode, when the worker runs on its embedded
 * defaults, on a fixed port with a data directory that survives restarts (e.g. {@code ./data/kafka}); and in
 * integration tests, on a free random port with a temporary directory.
 *
 * <p>It is configured for one node (replication factor 1 everywhere, no initial rebalance delay, topics created on
 * first use with one partition unless the client asks for more) and listens on {@code 127.0.0.1} only. It is not
 * meant for production use.
 */
public final class EmbeddedKafka implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);

    private static final String HOST = "127.0.0.1";
    private static final int NODE_ID = 1;
    private static final String CLIENT_LISTENER = "PLAINTEXT";
    private static final String CONTROLLER_LISTENER = "CONTROLLER";
    /** How long start() waits for the broker to serve requests before giving up. */
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);

    private final KafkaRaftServer server;
    private final int port;
    private final Path dataDir;
    private boolean closed;

    private EmbeddedKafka(KafkaRaftServer server, int port, Path dataDir) {
        this.server = server;
        this.port = port;
        this.dataDir = dataDir;
    }

    /**
     * Starts a broker listening on 127.0.0.1:port (port 0 = pick a free port), storing its logs under dataDir
     * (formatted on first use, reused as is when already formatted, so topics and offsets survive a restart).
     * Returns once the broker answers client requests.
     *
     * @throws IllegalStateException if the port or the data directory is already in use (with a message saying so and
     *                               what to do), or if the broker does not start or does not become ready in time
     */
    public static EmbeddedKafka start(int port, Path dataDir) {
        return start(port, dataDir, true);
    }

    /**
     * As {@link #start(int, Path)}; {@code checkPortFirst = false} skips the bind check done before starting the
     * broker, so that tests can see how the broker's own bind failure is reported.
     */
    static EmbeddedKafka start(int port, Path dataDir, boolean checkPortFirst) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("Kafka port must be between 0 and 65535, not " + port);
        }
        Objects.requireNonNull(dataDir, "dataDir");
        long started = System.nanoTime();
        Path dir = dataDir.toAbsolutePath().normalize();

        int clientPort;
        if (port == 0) {
            clientPort = freePort(-1);
        } else {
            if (checkPortFirst && !isFree(port)) {
                throw new IllegalStateException(portInUse(port));
            }
            clientPort = port;
        }
        int controllerPort = port != 0 && port < 65535 && isFree(port + 1) ? port + 1 : freePort(clientPort);

        requireNotInUse(dir);
        KafkaConfig config = new KafkaConfig(brokerProperties(clientPort, controllerPort, dir), false);
        formatIfNeeded(dir);
        KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
        try {
            server.startup();
            awaitReady(bootstrapServers(clientPort));
        } catch (Exception e) { // Scala code may throw checked exceptions undeclared
            shutDown(server);
            throw startFailure(e, clientPort, port == 0, controllerPort, dir);
        }
        LOG.info("Embedded Kafka ready on {} (data in {}) after {} ms",
                bootstrapServers(clientPort), dir, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        return new EmbeddedKafka(server, clientPort, dir);
    }

    /** What clients use as {@code bootstrap.servers}: {@code 127.0.0.1:<port>}. */
    public String bootstrapServers() {
        return bootstrapServers(port);
    }

    /** The port clients connect to (the one picked when started with port 0). */
    public int port() {
        return port;
    }

    /** Shuts the broker down cleanly and waits until it has stopped. Calling it again does nothing. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        long started = System.nanoTime();
        shutDown(server);
        LOG.info("Embedded Kafka on {} stopped after {} ms (data kept in {})",
                bootstrapServers(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), dataDir);
    }

    @Override
    public String toString() {
        return "EmbeddedKafka[" + bootstrapServers() + ", " + dataDir + "]";
    }

    private static Map<String, Object> brokerProperties(int clientPort, int controllerPort, Path dir) {
        Map<String, Object> p = new LinkedHashMap<>();
        // one process that is both the only broker and the only (static) controller voter
        p.put("process.roles", "broker,controller");
        p.put("node.id", NODE_ID);
        p.put("controller.quorum.voters", NODE_ID + "@" + HOST + ":" + controllerPort);
        p.put("controller.listener.names", CONTROLLER_LISTENER);
        p.put("listeners", CLIENT_LISTENER + "://" + HOST + ":" + clientPort + ","
                + CONTROLLER_LISTENER + "://" + HOST + ":" + controllerPort);
        p.put("advertised.listeners", CLIENT_LISTENER + "://" + HOST + ":" + clientPort);
        p.put("listener.security.protocol.map", CLIENT_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        p.put("inter.broker.listener.name", CLIENT_LISTENER);
        p.put("log.dirs", dir.toString());
        // a single node: nothing can be replicated, nothing to wait for
        p.put("default.replication.factor", 1);
        p.put("min.insync.replicas", 1);
        p.put("offsets.topic.replication.factor", (short) 1);
        p.put("offsets.topic.num.partitions", 1);
        p.put("transaction.state.log.replication.factor", (short) 1);
        p.put("transaction.state.log.min.isr", 1);
        p.put("transaction.state.log.num.partitions", 1);
        p.put("group.initial.rebalance.delay.ms", 0);
        p.put("auto.leader.rebalance.enable", false);
        // Kafka's default broker session: shorter ones (3 s was tried) let a busy 2-core machine fence the broker from
        // its own controller, and idempotent producers then lose batches (OutOfOrderSequenceException). The price: a
        // restart after a crash (no clean shutdown) waits for the dead incarnation's session, ~14 s.
        p.put("broker.heartbeat.interval.ms", 1_000);
        p.put("broker.session.timeout.ms", 9_000);
        // topics appear on first use with one partition; clients may still create topics with more
        p.put("auto.create.topics.enable", true);
        p.put("num.partitions", 1);
        // dev-sized files (flush settings stay at Kafka's defaults)
        p.put("log.segment.bytes", 16 * 1024 * 1024);
        p.put("log.index.size.max.bytes", 1024 * 1024);
        // bounds the broker's own waits during startup, so a broken start fails instead of hanging
        p.put("server.max.startup.time.ms", READY_TIMEOUT.toMillis());
        return p;
    }

    /** Formats dir as a new single-node cluster, unless it already holds a formatted Kafka log directory. */
    private static void formatIfNeeded(Path dir) {
        if (Files.isRegularFile(dir.resolve("meta.properties"))) {
            LOG.debug("Kafka storage in {} is already formatted, reusing it", dir);
            return;
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the Kafka data directory " + dir, e);
        }
        String clusterId = Uuid.randomUuid().toString();
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8)) {
            new Formatter()
                    .setPrintStream(out)
                    .setNodeId(NODE_ID)
                    .setClusterId(clusterId)
                    .setControllerListenerName(CONTROLLER_LISTENER)
                    .setMetadataLogDirectory(dir.toString())
                    .addDirectory(dir.toString())
                    .run();
        } catch (Exception e) {
            throw new IllegalStateException("Cannot format the Kafka data directory " + dir + ": " + e.getMessage(), e);
        }
        LOG.info("Formatted Kafka storage in {} for new cluster {}", dir, clusterId);
        LOG.debug("Kafka formatter said: {}", output.toString(StandardCharsets.UTF_8).strip());
    }

    /**
     * Fails if another Kafka broker (in this JVM or another process) holds the lock Kafka keeps on its log directory.
     * Kafka takes that lock only once the controller is already running on the directory, so without this check a
     * second broker would write into the first one's metadata log and corrupt it.
     */
    private static void requireNotInUse(Path dir) {
        Path lockFile = dir.resolve(".lock");
        if (!Files.isRegularFile(lockFile)) {
            return;
        }
        String inUse = "Kafka data directory " + dir + " is in use by another Kafka broker: stop it or use another directory";
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                throw new IllegalStateException(inUse);
            }
            lock.release();
        } catch (OverlappingFileLockException e) {
            throw new IllegalStateException(inUse);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot check whether " + dir + " is in use by another Kafka broker", e);
        }
    }

    /** Waits until an admin client sees the broker, at most {@link #READY_TIMEOUT}. */
    private static void awaitReady(String bootstrapServers) {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        Map<String, Object> conf = Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.CLIENT_ID_CONFIG, "embedded-kafka-readiness",
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000);
        Exception last = null;
        try (Admin admin = Admin.create(conf)) {
            while (true) {
                long remainingMs = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (remainingMs <= 0) {
                    break;
                }
                try {
                    Collection<Node> nodes = admin.describeCluster().nodes().get(remainingMs, TimeUnit.MILLISECONDS);
                    if (!nodes.isEmpty()) {
                        return;
                    }
                } catch (ExecutionException e) {
                    last = e.getCause() instanceof Exception cause ? cause : e;
                } catch (TimeoutException e) {
                    last = e;
                }
                Thread.sleep(Math.min(100, Math.max(1, remainingMs)));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the embedded Kafka on " + bootstrapServers, e);
        }
        throw new IllegalStateException("Embedded Kafka on " + bootstrapServers + " did not become ready within "
                + READY_TIMEOUT.toSeconds() + " s" + (last == null ? "" : ": " + last.getMessage()), last);
    }

    private static void shutDown(KafkaRaftServer server) {
        try {
            server.shutdown();
            server.awaitShutdown();
        } catch (RuntimeException e) {
            LOG.warn("Embedded Kafka did not shut down cleanly: {}", e.toString());
        }
    }

    /** Turns a failed start into one clear exception; a port conflict gets its own message and no Scala trace. */
    private static IllegalStateException startFailure(
            Exception e, int clientPort, boolean clientPortPicked, int controllerPort, Path dir) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String message = String.valueOf(t.getMessage());
            if (t instanceof BindException || message.contains("Address already in use")) {
                if (mentionsPort(message, controllerPort)) {
                    return new IllegalStateException("Kafka controller port " + controllerPort
                            + " (picked automatically) was taken while the broker started: start again");
                }
                return new IllegalStateException(clientPortPicked
                        ? "Kafka port " + clientPort + " (picked automatically) was taken while the broker started: start again"
                        : portInUse(clientPort));
            }
        }
        return new IllegalStateException("Embedded Kafka failed to start on " + bootstrapServers(clientPort)
                + " with data in " + dir + ": " + e.getMessage(), e);
    }

    private static boolean mentionsPort(String message, int port) {
        return Pattern.compile(":" + port + "(?!\\d)").matcher(message).find();
    }

    private static String portInUse(int port) {
        return "Kafka port " + port + " is already in use: stop the other broker or set KAFKA_PORT";
    }

    private static String bootstrapServers(int port) {
        return HOST + ":" + port;
    }

    /** Whether the broker could bind HOST:port now; binds the way Kafka's socket server does. */
    private static boolean isFree(int port) {
        try (ServerSocketChannel channel = ServerSocketChannel.open()) {
            channel.bind(new InetSocketAddress(HOST, port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** A port the system reports free right now, other than {@code avoid}. */
    private static int freePort(int avoid) {
        for (int attempt = 0; attempt < 10; attempt++) {
            try (ServerSocket socket = new ServerSocket()) {
                socket.setReuseAddress(true);
                socket.bind(new InetSocketAddress(HOST, 0));
                if (socket.getLocalPort() != avoid) {
                    return socket.getLocalPort();
                }
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot find a free port on " + HOST, e);
            }
        }
        throw new IllegalStateException("Cannot find a free port on " + HOST);
    }
}
