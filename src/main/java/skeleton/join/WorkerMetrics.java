package skeleton.join;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The counters of one worker, tagged {@code worker=<consumer_name>}: every record read ends in exactly one of
 * stored as a part, dropped as a repeat of a completed group, or dead-lettered; every stored group ends joined, or
 * discarded, sent on as partial or kept as expired. Besides: discards by missing topic, dead letters by reason, and
 * the time the processor takes and the time a result takes to be acknowledged, as histograms.
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
    /** Parts read from the worker's replay topic: dead letters put back by the replay command. */
    public static final String REPLAYED = "worker.records.replayed";
    public static final String EXPIRED = "worker.groups.expired";
    /** Tags worker and topic: for each discarded group, one per topic it missed. */
    public static final String DISCARDED_MISSING = "worker.groups.discarded.missing";
    /**
     * Tags worker and reason: {@code unusable} or {@code record} (a record that is not a part, or failed before its
     * join), {@code processor} or {@code output} (a joined message).
     */
    public static final String DEAD_LETTERS = "worker.dead_letters";
    /** Tags worker and topic: the records read from each input topic (a replayed one counts for the topic it names). */
    public static final String TOPIC_RECORDS = "worker.topic.records";
    /** Tags worker and topic: the records read from each input topic that were dead-lettered before any join. */
    public static final String TOPIC_DEAD_LETTERS = "worker.topic.dead_letters";
    public static final String PROCESSOR_TIME = "worker.processor.time";
    public static final String SEND_TIME = "worker.output.send.time";

    private final Counter records;
    private final Counter deadLettered;
    private final Counter joined;
    private final Counter discarded;
    private final Counter failed;
    private final Counter nothingToSend;
    private final Counter sent;
    private final Counter repeated;
    private final Counter replayed;
    private final Counter partial;
    private final Counter expired;
    private final Timer processorTime;
    private final Timer sendTime;
    private final Map<String, Counter> tagged = new ConcurrentHashMap<>();
    /** Per input topic, the records read (looked up for every record). */
    private final Map<String, Counter> readByTopic = new ConcurrentHashMap<>();
    private final MeterRegistry registry;
    private final String worker;

    public WorkerMetrics(MeterRegistry registry, String worker) {
        this.registry = registry;
        this.worker = worker;
        records = registry.counter(RECORDS, "worker", worker);
        deadLettered = registry.counter(DEAD_LETTERED, "worker", worker);
        joined = registry.counter(JOINED, "worker", worker);
        discarded = registry.counter(DISCARDED, "worker", worker);
        failed = registry.counter(FAILED, "worker", worker);
        nothingToSend = registry.counter(NOTHING_TO_SEND, "worker", worker);
        sent = registry.counter(SENT, "worker", worker);
        repeated = registry.counter(REPEATED, "worker", worker);
        replayed = registry.counter(REPLAYED, "worker", worker);
        partial = registry.counter(PARTIAL, "worker", worker);
        expired = registry.counter(EXPIRED, "worker", worker);
        processorTime = Timer.builder(PROCESSOR_TIME).description("the processor's time per joined message")
                .tag("worker", worker).publishPercentileHistogram().register(registry);
        sendTime = Timer.builder(SEND_TIME).description("from a result's send to the acknowledgement of every output")
                .tag("worker", worker).publishPercentileHistogram().register(registry);
    }

    /**
     * The gauges of the join's state, read from what the deadline check and the poll policy last found (a scrape
     * never queries the join table): groups in flight, the data-time age of the oldest, each input's watermark delay,
     * the upstream writers behind.
     */
    void joinState(DeadlineCheck deadlines, PollPolicy policy, List<String> inputs, long timeoutMillis) {
        Gauge.builder("worker.groups.in_flight", () -> deadlines.storedGroups() + policy.heldGroups())
                .description("groups waiting for parts: stored (counted every 10 s) and held in memory").tag("worker", worker)
                .register(registry);
        Gauge.builder("worker.groups.oldest.age", () -> deadlines.earliestDeadline() == Long.MAX_VALUE ? 0
                        : Math.max(0, System.currentTimeMillis() - (deadlines.earliestDeadline() - timeoutMillis)) / 1000.0)
                .baseUnit("seconds").description("how far the first part of the oldest stored group is behind the clock, in data time")
                .tag("worker", worker).register(registry);
        Gauge.builder("worker.upstream.behind", () -> deadlines.upstreamBehind(false))
                .description("upstream workers of the table with work left, holding this worker's inputs back").tag("worker", worker)
                .register(registry);
        Gauge.builder("worker.upstream.released", () -> deadlines.upstreamBehind(true))
                .description("upstream workers with work left that stood still past MAX_UPSTREAM_WAIT and no longer hold back")
                .tag("worker", worker).register(registry);
        for (String topic : inputs) {
            Gauge.builder("worker.watermark.delay", deadlines, d -> d.watermarkDelaySeconds(topic)).baseUnit("seconds")
                    .description("how far the input topic's watermark (data time) was behind the clock at the last check")
                    .tags("worker", worker, "topic", topic).register(registry);
        }
    }

    void discardedMissing(String topic) {
        tagged.computeIfAbsent("missing/" + topic, k -> registry.counter(DISCARDED_MISSING, "worker", worker, "topic", topic))
                .increment();
    }

    void deadLetter(String reason) {
        tagged.computeIfAbsent("reason/" + reason, k -> registry.counter(DEAD_LETTERS, "worker", worker, "reason", reason))
                .increment();
    }

    void processorTime(long nanos) {
        processorTime.record(nanos, TimeUnit.NANOSECONDS);
    }

    void sendTime(long nanos) {
        sendTime.record(nanos, TimeUnit.NANOSECONDS);
    }

    void record(String topic) {
        records.increment();
        readByTopic.computeIfAbsent(String.valueOf(topic), k -> registry.counter(TOPIC_RECORDS, "worker", worker, "topic", k))
                .increment();
    }

    void deadLetterFrom(String topic) {
        tagged.computeIfAbsent("dead/" + topic, k -> registry.counter(TOPIC_DEAD_LETTERS, "worker", worker, "topic", topic))
                .increment();
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

    void replayed() {
        replayed.increment();
    }

    void sent(int records) {
        sent.increment(records);
    }
}
