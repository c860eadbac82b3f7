package bench;

/**
 * Throughput: every part of N ids is written before the process under test starts; the clock runs from the moment
 * it holds all its partitions to the arrival of the last output. A run that does not finish within the budget
 * reports its rate over what it completed. The CPU time of the process and of the broker is sampled when the clock
 * starts and when the harness sees it stop.
 */
final class ThroughputRun {

    /**
     * One run: outputs per second, what completed, peak memory, the CPU seconds the process and the broker spent on
     * the measured interval, and the check of the output.
     */
    record Result(double rate, long completed, long expected, double seconds, double peakRssMiB, double processCpuSeconds,
                  double brokerCpuSeconds, String check) {

        /** The process's CPU seconds per 100,000 outputs (ids joined, or records copied by the pass-through). */
        double processCpuPer100k() {
            return per100k(processCpuSeconds);
        }

        /** The broker's CPU seconds per 100,000 outputs. */
        double brokerCpuPer100k() {
            return per100k(brokerCpuSeconds);
        }

        private double per100k(double cpuSeconds) {
            return completed == 0 ? Double.NaN : cpuSeconds * 100_000 / completed;
        }
    }

    private ThroughputRun() {
    }

    static Result measure(Subject subject, int k, BenchConfig config, String brokers, BrokerAdmin admin) throws Exception {
        try (CaseRun r = new CaseRun(subject, k, brokers, admin); Loader loader = new Loader(brokers, 20)) {
            loader.preload(r.run.inputs(), config.ids());
            long t0 = r.start(config, "throughput");
            return clock(r, t0, CpuSample.now(r.child(), admin), config);
        }
    }

    /**
     * Waits for the last output (or the budget) of a clock started at {@code t0} (System.nanoTime()) with the CPU
     * times {@code cpuAtStart}, and returns the run's result.
     */
    static Result clock(CaseRun r, long t0, CpuSample cpuAtStart, BenchConfig config) throws Exception {
        long expected = r.expected(config.ids());
        boolean finished = r.await(() -> r.done() >= expected, t0 + config.budget().toNanos());
        // taken within one 20 ms poll after the last arrival, so at most a couple of ticks past the clock's end
        CpuSample cpu = CpuSample.now(r.child(), r.admin).since(cpuAtStart);
        long end = finished ? r.watcher.lastArrival() : System.nanoTime();
        double seconds = (end - t0) / 1e9;
        long completed = r.done();
        double peak = r.child().peakRssMiB();
        return new Result(completed / seconds, completed, expected, seconds, peak, cpu.process(), cpu.broker(),
                check(r, completed, expected, config.ids()));
    }

    /** "ok" when every id came out once with every input topic in it; what is wrong otherwise (keys: ids written). */
    static String check(CaseRun r, long completed, long expected, long keys) {
        if (r.watcher.malformed() > 0) {
            return "WRONG: " + r.watcher.malformed() + " outputs do not name every input topic";
        }
        if (r.watcher.distinctKeys() > keys) {
            return "WRONG: " + r.watcher.distinctKeys() + " distinct keys for " + keys + " ids";
        }
        if (completed < expected) {
            return "partial: " + completed + " of " + expected + " within the budget";
        }
        long extra = r.watcher.records() - r.expected((int) keys);
        return extra > 0 ? "ok (" + extra + " duplicates)" : "ok";
    }
}
