package skeleton.join;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The counters of one worker, tagged {@code worker=<consumer_name>}: every record read ends in exactly one of
 * stored as a part, dropped as a repeat of a completed group, or dead-lettered; every stored group ends joined, or discarded, sent on as partial or kept as expired.
 */
public final class WorkerMetrics {

    public static final String RECORDS = "worker.records";
    public static final String DEAD_LETTERED = "worker.records.dead_lettered";
    public static final String JOINED = "worker.groups.joined";
    public static final String DISCARDED = "worker.groups.discarded";
    public static final String FAILED = "worker.groups.failed";
    public static final String NOTHING_TO_SEND = "worker.results.null";
    public static final String SENT = "worker.results.sent";
    public static final String REPEATED = "worker.records.repeated";
    public static final String PARTIAL = "worker.groups.partial";
    public static final String EXPIRED = "worker.groups.expired";

    private final Counter records;
    private final Counter deadLettered;
    private final Counter joined;
    private final Counter discarded;
    private final Counter failed;
    private final Counter nothingToSend;
    private final Counter sent;
    private final Counter repeated;
    private final Counter partial;
    private final Counter expired;

    public WorkerMetrics(MeterRegistry registry, String worker) {
        records = registry.counter(RECORDS, "worker", worker);
        deadLettered = registry.counter(DEAD_LETTERED, "worker", worker);
        joined = registry.counter(JOINED, "worker", worker);
        discarded = registry.counter(DISCARDED, "worker", worker);
        failed = registry.counter(FAILED, "worker", worker);
        nothingToSend = registry.counter(NOTHING_TO_SEND, "worker", worker);
        sent = registry.counter(SENT, "worker", worker);
        repeated = registry.counter(REPEATED, "worker", worker);
        partial = registry.counter(PARTIAL, "worker", worker);
        expired = registry.counter(EXPIRED, "worker", worker);
    }

    void record() {
        records.increment();
    }

    void deadLettered() {
        deadLettered.increment();
    }

    void joined() {
        joined.increment();
    }

    void discarded() {
        discarded.increment();
    }

    void failed() {
        failed.increment();
    }

    void nothingToSend() {
        nothingToSend.increment();
    }

    void partial() {
        partial.increment();
    }

    void expired() {
        expired.increment();
    }

    void repeated() {
        repeated.increment();
    }

    void sent(int records) {
        sent.increment(records);
    }
}
