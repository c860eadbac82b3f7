package bench;

import java.util.ArrayList;
import java.util.List;

/**
 * Runs every stream case in turn, for k = 2 and k = 3: the raw ceiling, Kafka Streams (in-memory and RocksDB
 * at-least-once, RocksDB exactly-once v2), our worker with each repository, then the lagging-input rows (Kafka
 * Streams with RocksDB at-least-once, our worker on each database). Each subject: its throughput runs, then its
 * latency runs at half its median throughput; a lagging row: its lagging runs only.
 */
final class StreamCases {

    private final BenchConfig config;
    private final String brokers;
    private final BrokerAdmin admin;

    StreamCases(BenchConfig config, String brokers, BrokerAdmin admin) {
        this.config = config;
        this.brokers = brokers;
        this.admin = admin;
    }

    /** Every subject whose group (raw, streams, ours, lagging) or row name is among the selected cases. */
    List<Subject> subjects() {
        List<Subject> all = new ArrayList<>(List.of(new RawSubject(), new StreamsSubject("memory", "at_least_once"),
                new StreamsSubject("rocksdb", "at_least_once"), new StreamsSubject("rocksdb", "exactly_once_v2"),
                OurWorker.memory(), OurWorker.memoryTraced()));
        BenchDatabase.ALL.forEach(db -> all.add(OurWorker.on(db)));
        // lagging input: the durable rows only, where every stored group costs a write and a read of the store
        all.add(new Lagging(new StreamsSubject("rocksdb", "at_least_once")));
        BenchDatabase.ALL.forEach(db -> all.add(new Lagging(OurWorker.on(db))));
        return all.stream().filter(s -> config.selected(group(s)) || config.selected(s.name())).toList();
    }

    private static String group(Subject s) {
        return s instanceof Lagging ? Lagging.GROUP : s.name().split(" ")[0];
    }

    List<StreamRow> runAll(List<Subject> subjects) {
        warmUpBroker();
        List<StreamRow> rows = new ArrayList<>();
        for (int k : config.ks()) {
            for (Subject s : subjects) {
                StreamRow row = s.unavailable().map(reason -> StreamRow.skipped(s, k, reason)).orElseGet(() -> run(s, k));
                System.out.printf("%-26s k=%d  %s%n", row.name(), k, Table.summary(row));
                rows.add(row);
            }
        }
        return rows;
    }

    /** One pass-through run, not reported: the first case of a run would otherwise also measure a cold broker. */
    private void warmUpBroker() {
        try {
            ThroughputRun.Result r = ThroughputRun.measure(new RawSubject(), 2, config, brokers, admin);
            System.out.printf("%-26s       %,.0f records/s (warm-up of the broker, not reported)%n", "raw pass-through", r.rate());
        } catch (Exception e) {
            System.err.println("the broker warm-up failed: " + e);
        }
    }

    private StreamRow run(Subject s, int k) {
        List<ThroughputRun.Result> throughput = new ArrayList<>();
        List<LatencyRun.Result> latency = new ArrayList<>();
        try {
            boolean lagging = s instanceof Lagging;
            for (int i = 0; i < config.runs(); i++) {
                throughput.add(lagging ? LaggingRun.measure(s, k, config, brokers, admin)
                        : ThroughputRun.measure(s, k, config, brokers, admin));
            }
            double rate = Percentiles.median(throughput.stream().map(ThroughputRun.Result::rate).toList());
            if (s.joins() && !lagging) {
                for (int i = 0; i < config.runs(); i++) {
                    latency.add(LatencyRun.measure(s, k, Math.max(1, rate / 2), config, brokers, admin));
                }
            }
            return new StreamRow(s.name(), s.durability(), s.joins(), k, "ok", throughput, latency);
        } catch (Exception e) {
            e.printStackTrace();
            return new StreamRow(s.name(), s.durability(), s.joins(), k, "failed: " + e.getMessage(), throughput, latency);
        }
    }
}
