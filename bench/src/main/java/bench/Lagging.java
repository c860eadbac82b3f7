package bench;

import java.util.Map;
import java.util.Optional;

/**
 * A subject measured on lagging input ({@link LaggingRun}) instead of the preloaded throughput and latency runs: the
 * same process, a row of its own named {@code lagging: <subject>}, compared with {@code lagging: streams rocksdb alos}.
 */
record Lagging(Subject subject) implements Subject {

    static final String PREFIX = "lagging: ";

    /** The case group that selects every lagging row in {@code bench.cases}. */
    static final String GROUP = "lagging";

    @Override
    public String name() {
        return PREFIX + subject.name();
    }

    @Override
    public String durability() {
        return subject.durability();
    }

    @Override
    public String kind() {
        return subject.kind();
    }

    @Override
    public boolean joins() {
        return subject.joins();
    }

    @Override
    public boolean transactional() {
        return subject.transactional();
    }

    @Override
    public Optional<String> unavailable() {
        return subject.unavailable();
    }

    @Override
    public Map<String, String> prepare(Run run) throws Exception {
        return subject.prepare(run);
    }

    @Override
    public void cleanup(Run run) {
        subject.cleanup(run);
    }

    @Override
    public String busyThread() {
        return subject.busyThread();
    }
}
