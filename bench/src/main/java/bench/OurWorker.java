package bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import skeleton.join.JoinRepository;

/**
 * Our worker, started as a user starts it ({@code Worker.create(Settings.of(...)).start()}) in its own JVM, with
 * the example processor, its groups in memory ({@code JOIN_REPOSITORY=memory}, configuration row in H2) or in one
 * of the databases ({@code JOIN_REPOSITORY=jdbc}); traced: with tracing on, every span exported over OTLP/HTTP to
 * the bench's {@link OtlpSink}.
 */
record OurWorker(String repository, BenchDatabase database, Optional<String> unavailable, boolean traced) implements Subject {

    static OurWorker memory() {
        return new OurWorker("memory", BenchDatabase.h2(), Optional.empty(), false);
    }

    /** In memory, with tracing on: the cost of a span per record and per group, exported. */
    static OurWorker memoryTraced() {
        return new OurWorker("memory", BenchDatabase.h2(), Optional.empty(), true);
    }

    static OurWorker on(BenchDatabase db) {
        return new OurWorker("jdbc", db, db.unavailable(), false);
    }

    @Override
    public String name() {
        return "ours " + (repository.equals("memory") ? "memory" : database.name()) + (traced ? " traced" : "");
    }

    @Override
    public String durability() {
        return repository.equals("memory") ? "memory" : "durable";
    }

    @Override
    public String kind() {
        return "worker";
    }

    @Override
    public Map<String, String> prepare(Run run) throws Exception {
        String table = "cfg_" + run.group();
        database.addConfigRow(run.group(), table, run.group(), run.inputs(), run.output(), run.brokers());
        Map<String, String> s = new LinkedHashMap<>();
        s.put("DB_URL", database.url(run.group()));
        s.put("DB_USER", database.user());
        s.put("DB_TABLE_NAME", table);
        s.put("CONSUMER_NAME", run.group());
        s.put("JOIN_REPOSITORY", repository);
        s.put("PROCESSOR", "workerProcessor");
        s.put("camel.beans.workerProcessor", "#class:routes.WorkerProcessor");
        s.put("API_ENABLED", "false");
        s.put("LOGGING_LEVEL", "WARN");
        s.putAll(BenchConfig.workerSettings());
        if (traced) {
            s.put("OTEL_TRACES_EXPORTER", "otlp");
            s.put("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf");
            s.put("OTEL_EXPORTER_OTLP_ENDPOINT", OtlpSink.endpoint());
        }
        return s;
    }

    @Override
    public void cleanup(Run run) {
        if (traced) {
            System.out.printf("  (spans exported so far: %,d bytes of OTLP)%n", OtlpSink.bytes());
        }
        String join = JoinRepository.tableFor(run.group());
        database.drop(run.group(), List.of(join + "_done", join, "cfg_" + run.group()));
    }

    @Override
    public String busyThread() {
        return "KafkaConsumer";
    }
}
