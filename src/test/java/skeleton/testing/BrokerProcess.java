package skeleton.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real single-node Kafka broker (KRaft, {@link skeleton.dev.EmbeddedKafka}) in its own JVM on a free port, so that a
 * test can freeze it ({@link #freeze()}: SIGSTOP, connections open and unanswered, as a hung broker) and thaw it.
 * Unlike {@link TestBroker}, one per test: {@link #close()} kills it and deletes its data. Its output is in
 * {@code target/broker-processes/broker-<test JVM pid>-<n>.log} (the integration tests run in two JVMs).
 */
public final class BrokerProcess extends ChildProcess {

    private static final AtomicInteger STARTED = new AtomicInteger();

    private final Path dataDir;
    private final String bootstrapServers;

    private BrokerProcess(ProcessBuilder builder, String description, Path logFile, Path dataDir) throws IOException {
        super(builder, description, logFile);
        this.dataDir = dataDir;
        try {
            String ready = awaitLine(BrokerMain.READY, Duration.ofSeconds(90));
            this.bootstrapServers = ready.substring(ready.indexOf(BrokerMain.READY) + BrokerMain.READY.length()).strip();
        } catch (RuntimeException | Error e) {
            close();
            throw e;
        }
    }

    /** Starts a broker in a new JVM on the test JVM's class path and returns once it serves clients. */
    public static BrokerProcess start() throws IOException {
        Path dataDir = Files.createTempDirectory("broker-process");
        String n = ProcessHandle.current().pid() + "-" + STARTED.incrementAndGet();
        ProcessBuilder builder = new ProcessBuilder(java(), "-cp", System.getProperty("java.class.path"),
                BrokerMain.class.getName(), "0", dataDir.toString());
        return new BrokerProcess(builder, "broker process " + n, Path.of("target", "broker-processes", "broker-" + n + ".log"), dataDir);
    }

    /** {@code 127.0.0.1:<port>}. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** SIGSTOP: the broker stops answering, its connections stay open. */
    public void freeze() {
        stop();
    }

    /** SIGCONT: the broker answers again. */
    public void thaw() {
        resume();
    }

    /** Kills the broker and deletes its data directory. */
    @Override
    public void close() {
        super.close();
        deleteTree(dataDir);
    }
}
