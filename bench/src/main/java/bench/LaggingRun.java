package bench;

/**
 * Lagging input: the process under test starts on empty input topics and holds its partitions; then every part of
 * the first topic (all N ids) is written, then every part of the second (then of the third), as fast as the
 * producer takes them. Each id's last part comes a whole topic after its first, so every group is stored and read
 * back. The clock runs from the first record handed to the producer to the arrival of the last output; the CPU
 * times are sampled at the same two moments.
 */
final class LaggingRun {

    private LaggingRun() {
    }

    static ThroughputRun.Result measure(Subject subject, int k, BenchConfig config, String brokers, BrokerAdmin admin) throws Exception {
        try (CaseRun r = new CaseRun(subject, k, brokers, admin); Loader loader = new Loader(brokers, 20)) {
            r.start(config, "throughput");
            CpuSample cpu = CpuSample.now(r.child(), admin);
            long t0 = System.nanoTime();
            loader.topicByTopic(r.run.inputs(), config.ids());
            return ThroughputRun.clock(r, t0, cpu, config);
        }
    }
}
