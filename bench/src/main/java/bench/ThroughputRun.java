package bench;

/**
 * Throughput: every part of N ids is written before the process under test starts; the clock runs from the moment
 * it holds all its partitions to the arrival of the last output. A run that does not finish within the budget
 * reports its rate over what it completed.
 */
final class ThroughputRun {

    /** One run: outputs per second, what completed, peak memory, and the check of the output. */
    record Result(double rate, long completed, long expected, double seconds, double peakRssMiB, String check) {
    }

    private ThroughputRun() {
    }

    static Result measure(Subject subject, int k, BenchConfig config, String brokers, BrokerAdmin admin) throws Exception {
        try (CaseRun r = new CaseRun(subject, k, brokers, admin); Loader loader = new Loader(brokers, 20)) {
            loader.preload(r.run.inputs(), config.ids());
            long expected = r.expected(config.ids());
            long t0 = r.start(config, "throughput");
            boolean finished = r.await(() -> r.done() >= expected, t0 + config.budget().toNanos());
            long end = finished ? r.watcher.lastArrival() : System.nanoTime();
            double seconds = (end - t0) / 1e9;
            long completed = r.done();
            double peak = r.child().peakRssMiB();
            return new Result(completed / seconds, completed, expected, seconds, peak, check(r, completed, expected, config.ids()));
        }
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
