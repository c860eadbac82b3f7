package bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import skeleton.dev.EmbeddedKafka;

/**
 * The benchmark run (docs/benchmarks.md): starts the embedded broker, runs the stream cases and the REST
 * cases in turn, each in processes of their own, prints the tables and writes bench/results/latest.{md,json,png}.
 */
public final class Bench {

    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        if (LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME) instanceof Logger root) {
            root.setLevel(Level.WARN);
        }
        if (LoggerFactory.getLogger("org.apache.kafka") instanceof Logger clients) {
            clients.setLevel(Level.ERROR);
        }
        BenchConfig config = BenchConfig.fromSystemProperties();
        System.out.println("Benchmark: " + config.label() + "\n" + Report.machine());
        Path kafkaDir = Files.createTempDirectory("bench-kafka");
        List<StreamRow> streams = new ArrayList<>();
        List<RestRow> rest = new ArrayList<>();
        String deadlines = null;
        try (EmbeddedKafka kafka = EmbeddedKafka.start(0, kafkaDir);
             BrokerAdmin admin = new BrokerAdmin(kafka.bootstrapServers())) {
            StreamCases cases = new StreamCases(config, kafka.bootstrapServers(), admin);
            streams.addAll(cases.runAll(cases.subjects()));
            if (config.selected("rest")) {
                try {
                    rest.addAll(new RestCases(config, kafka.bootstrapServers(), admin).runAll());
                } catch (Exception e) {
                    e.printStackTrace();
                    System.err.println("the REST cases could not run: " + e);
                }
            }
            if (config.selected("deadlines")) {
                deadlines = DeadlineScale.run();
            }
        } finally {
            delete(kafkaDir);
        }
        Report.write(config, streams, rest, deadlines);
        System.exit(0);
    }

    private static void delete(Path dir) throws java.io.IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }
}
