package bench;

import java.util.ArrayList;
import java.util.List;

import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;

/**
 * The benchmark run (bench/README.md): starts the broker in a process of its own, runs the stream cases and the
 * REST cases in turn, each in processes of their own, prints the tables and writes bench/results/latest.{md,json,png}.
 */
public final class Bench {

    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        quietLogs();
        BenchConfig config = BenchConfig.fromSystemProperties();
        System.out.println("Benchmark: " + config.label() + "\n" + Report.machine());
        List<StreamRow> streams = new ArrayList<>();
        List<RestRow> rest = new ArrayList<>();
        String deadlines = null;
        try (Broker broker = Broker.start(); BrokerAdmin admin = new BrokerAdmin(broker)) {
            StreamCases cases = new StreamCases(config, broker.bootstrapServers(), admin);
            streams.addAll(cases.runAll(cases.subjects()));
            if (config.selected("rest")) {
                try {
                    rest.addAll(new RestCases(config, broker.bootstrapServers(), admin).runAll());
                } catch (Exception e) {
                    e.printStackTrace();
                    System.err.println("the REST cases could not run: " + e);
                }
            }
            if (config.selected("deadlines")) {
                deadlines = DeadlineScale.run();
            }
        }
        Report.write(config, streams, rest, deadlines);
        System.exit(0);
    }

    /** Warnings only, and from the Kafka clients errors only: their retries while a topic appears are expected. */
    static void quietLogs() {
        if (LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME) instanceof Logger root) {
            root.setLevel(Level.WARN);
        }
        if (LoggerFactory.getLogger("org.apache.kafka") instanceof Logger clients) {
            clients.setLevel(Level.ERROR);
        }
    }
}
