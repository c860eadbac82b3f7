package bench;

import java.util.Map;

/**
 * Latency: with the process under test reading, ids are written at a fixed rate (half the measured throughput),
 * each id's parts back to back; the latency of an id runs from the hand-over of its last part to the producer to
 * the arrival of its output. Writing stops at the budget; outputs get 30 s more to arrive.
 */
final class LatencyRun {

    private static final int WARM_UP_SECONDS = 5;

    /** One run: percentiles in ms, what was written and came out, the rate asked for, memory idle and at peak. */
    record Result(double p50, double p95, double p99, double max, long completed, long produced, double idsPerSecond,
                  double idleRssMiB, double peakRssMiB, String check) {
    }

    private LatencyRun() {
    }

    /**
     * Ids beyond N at the same rate for {@value #WARM_UP_SECONDS} s (at most N / 5 of them), not measured: a cold JVM
     * would otherwise put its first seconds of compilation into the tail. Returns how many came out.
     */
    private static int warmUp(CaseRun r, Loader loader, int ids, double idsPerSecond) throws Exception {
        int n = (int) Math.min(ids / 5.0, idsPerSecond * WARM_UP_SECONDS);
        int written = loader.paced(r.run.inputs(), ids, n, idsPerSecond, java.time.Duration.ofSeconds(WARM_UP_SECONDS + 5));
        r.await(() -> r.done() >= written, System.nanoTime() + 30_000_000_000L);
        loader.forget();
        return (int) r.done();
    }

    static Result measure(Subject subject, int k, double idsPerSecond, BenchConfig config, String brokers,
                          BrokerAdmin admin) throws Exception {
        try (CaseRun r = new CaseRun(subject, k, brokers, admin); Loader loader = new Loader(brokers, 0)) {
            r.start(config, "latency");
            double idle = r.child().rssMiB();
            int warm = warmUp(r, loader, config.ids(), idsPerSecond);
            int produced = loader.paced(r.run.inputs(), 0, config.ids(), idsPerSecond, config.budget());
            r.await(() -> r.done() >= warm + produced, System.nanoTime() + 30_000_000_000L);
            Map<String, Long> arrivals = r.watcher.firstArrival();
            Map<String, Long> sent = loader.lastPartSent();
            double[] ms = sent.entrySet().stream().filter(e -> arrivals.containsKey(e.getKey()))
                    .mapToDouble(e -> (arrivals.get(e.getKey()) - e.getValue()) / 1e6).toArray();
            double[] s = Percentiles.sorted(ms);
            long completed = r.done() - warm;
            return new Result(Percentiles.of(s, 50), Percentiles.of(s, 95), Percentiles.of(s, 99), Percentiles.of(s, 100),
                    completed, produced, idsPerSecond, idle, r.child().peakRssMiB(),
                    (produced < config.ids() ? "partial: wrote " + produced + " of " + config.ids() + " ids within the budget, "
                            : "") + ThroughputRun.check(r, completed, produced, produced + warm));
        }
    }
}
