package bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import skeleton.dev.EmbeddedKafka;

/**
 * The benchmark's broker: the project's {@link EmbeddedKafka} in a JVM of its own (a {@link ChildProcess} of kind
 * {@code broker}), so that its CPU time and memory are its own and not mixed with the harness's loader and output
 * watcher. It runs with the JVM's default settings, as it did inside the harness. The child writes its address to a
 * file once it answers clients; the harness waits for that file.
 */
final class Broker implements AutoCloseable {

    private static final long START_TIMEOUT_NANOS = 90_000_000_000L;

    private final ChildProcess process;
    private final String bootstrapServers;
    private final Path dataDir;

    private Broker(ChildProcess process, String bootstrapServers, Path dataDir) {
        this.process = process;
        this.bootstrapServers = bootstrapServers;
        this.dataDir = dataDir;
    }

    /** Starts the broker's process on a free port with a fresh data directory and waits until it answers. */
    static Broker start() throws Exception {
        Path dataDir = Files.createTempDirectory("bench-kafka");
        Path address = Files.createDirectories(Path.of("bench", "target", "bench-logs")).resolve("broker.address").toAbsolutePath();
        Files.deleteIfExists(address);
        ChildProcess process = ChildProcess.start("broker", "broker",
                Map.of("dataDir", dataDir.toString(), "addressFile", address.toString()), List.of());
        try {
            if (!Poll.until(() -> Files.exists(address), System.nanoTime() + START_TIMEOUT_NANOS, process::checkAlive)) {
                throw new IllegalStateException("the broker did not start within 90 s, see bench/target/bench-logs/broker.log");
            }
            return new Broker(process, Files.readString(address).trim(), dataDir);
        } catch (Exception e) {
            process.close();
            delete(dataDir);
            throw e;
        }
    }

    /** The child's side ({@link ChildMain} kind {@code broker}): starts the broker, then publishes its address. */
    static AutoCloseable serve(Map<String, String> props) throws IOException {
        Bench.quietLogs();
        EmbeddedKafka kafka = EmbeddedKafka.start(0, Path.of(props.get("dataDir")));
        Path address = Path.of(props.get("addressFile"));
        Path partial = address.resolveSibling(address.getFileName() + ".tmp");
        // written aside and moved: the harness must never read half an address
        Files.writeString(partial, kafka.bootstrapServers());
        Files.move(partial, address, StandardCopyOption.ATOMIC_MOVE);
        return kafka;
    }

    String bootstrapServers() {
        return bootstrapServers;
    }

    /** The broker process's CPU seconds so far (see {@link ChildProcess#cpuSeconds()}). */
    double cpuSeconds() {
        return process.cpuSeconds();
    }

    @Override
    public void close() throws Exception {
        try {
            process.close();
        } finally {
            delete(dataDir);
        }
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }
}
