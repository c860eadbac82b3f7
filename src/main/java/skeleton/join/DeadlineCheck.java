package skeleton.join;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.processor.aggregate.AggregateController;
import org.apache.camel.support.service.ServiceSupport;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.springframework.dao.DataAccessException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The periodic check of a worker's deadlines, in data time. Groups whose deadline passed on the wall clock are
 * candidates; a candidate expires only when every topic it misses has been read past its deadline (see
 * {@link Watermarks}) and, where workers of the table write that topic, they can no longer send a part that old (see
 * {@link UpstreamWatermarks}). Of several processes of a worker one judges at a time (the holder of the group's first
 * partition), and it claims each group it expires, so a group is reported once. Expired groups are force-completed through the aggregator, whose incomplete branch reports
 * them, in a unit of work of their own: a group is removed only in the version that was judged, and only once its
 * incomplete branch is done. The deadlines are read from the repository, so a restart neither forgets nor extends
 * one. Completed ids whose repeats can no longer come (data time past their note on every input) are forgotten.
 */
public final class DeadlineCheck extends ServiceSupport implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(DeadlineCheck.class);

    private final String worker;
    private final String clientId;
    private static final long FORGET_EVERY_MILLIS = 10_000;
    private static final long SEND_TIMEOUT_MILLIS = 600_000;

    private final String brokers;
    private final List<String> inputs;
    private final JoinRepository repository;
    private final Watermarks watermarks;
    private final UpstreamWatermarks upstream;
    private final AggregateController controller;
    private final Clock clock;
    private BrokerPositions positions;
    private long lastForget;
    private boolean unreachable;
    private static final long IN_FLIGHT_EVERY_MILLIS = 10_000;
    private long lastInFlight = Long.MIN_VALUE;
    private volatile GroupStore.InFlight inFlight = new GroupStore.InFlight(0, Long.MAX_VALUE);
    /** The watermarks of the last check that computed them, and the clock then (for the delay gauges). */
    private volatile Map<String, Long> lastWatermarks = Map.of();
    private volatile long lastWatermarksAt;

    DeadlineCheck(String worker, String clientId, String brokers, List<String> inputs, JoinRepository repository, Watermarks watermarks,
                  UpstreamWatermarks upstream, AggregateController controller, Clock clock) {
        this.worker = worker;
        this.clientId = clientId;
        this.brokers = brokers;
        this.inputs = List.copyOf(inputs);
        this.repository = repository;
        this.watermarks = watermarks;
        this.upstream = upstream;
        this.controller = controller;
        this.clock = clock;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        MDC.put("worker", worker);
        try {
            check();
            if (unreachable) {
                unreachable = false;
                LOG.info("worker {}: deadline checks run again", worker);
            }
        } catch (DataAccessException | TimeoutException | ExecutionException | KafkaException e) {
            // the join store or the broker is away: the consumers wait for it; the next check looks again
            if (!unreachable) {
                unreachable = true;
                LOG.warn("worker {}: deadline checks wait for the join store and the broker: {}", worker, e.toString());
            }
        }
    }

    private void check() throws Exception {
        long now = clock.millis();
        if (lastInFlight == Long.MIN_VALUE || now - lastInFlight >= IN_FLIGHT_EVERY_MILLIS) {
            lastInFlight = now;
            inFlight = repository.inFlight();
        }
        List<JoinRepository.Candidate> candidates = repository.deadlinesBefore(now);
        boolean forget = now - lastForget >= FORGET_EVERY_MILLIS;
        if (candidates.isEmpty() && !forget) {
            return;
        }
        if (!positions().leads(clientId)) {
            // another process of the worker judges its groups now
            return;
        }
        Map<String, List<String>> groups = new LinkedHashMap<>(upstream.writers());
        groups.put(worker, inputs);
        Map<String, Map<TopicPartition, Watermarks.BrokerPosition>> broker = positions().fetch(groups);
        Map<String, Long> byTopic = watermarks.byTopic(inputs, broker.get(worker), now);
        // a topic other workers of the table write: no further than they can still send
        upstream.bounds(broker, now).forEach((topic, bound) -> byTopic.merge(topic, bound.dataTime(), Math::min));
        lastWatermarks = byTopic;
        lastWatermarksAt = now;
        if (forget) {
            lastForget = now;
            long before = byTopic.values().stream().mapToLong(Long::longValue).min().orElse(Long.MIN_VALUE);
            int forgotten = repository.forgetCompletedBefore(before);
            LOG.debug("worker {}: forgot {} completed ids noted up to before {}", worker, forgotten, before);
        }
        List<JoinRepository.Candidate> due = candidates.stream()
                .filter(c -> Watermarks.expired(c.deadline(), c.missing(), byTopic)).toList();
        // of several processes of the worker judging a group, the one that claims it handles it
        Map<String, Long> claimed = repository.claim(due);
        PollUnit unit = PollUnit.open();
        try {
            claimed.forEach(unit::judge);
            int expired = 0;
            for (String key : claimed.keySet()) {
                // a group stored again since it was claimed reads as absent: it is judged again next time
                expired += controller.forceCompletionOfGroup(key);
            }
            Exception failed = unit.awaitSent(SEND_TIMEOUT_MILLIS);
            if (failed != null) {
                throw new IllegalStateException("the expired groups of worker " + worker + " could not all be handled;"
                        + " they stay stored and are judged again: " + failed.getMessage(), failed);
            }
            if (expired > 0) {
                FaultPoint.EXPIRED.reach();
            }
            repository.flush(unit);
            LOG.debug("worker {}: {} groups past their deadline on the clock, {} expired in data time (watermarks {})",
                    worker, candidates.size(), expired, byTopic);
        } finally {
            unit.close();
        }
    }

    /** Each input topic's watermark at the last check (epoch millis); empty before the first. */
    Map<String, Long> watermarks() {
        return lastWatermarks;
    }

    /** How many upstream writers have work left and hold their outputs back ({@code released}: were let go). */
    long upstreamBehind(boolean released) {
        return upstream.writersBehind(released);
    }

    /** Each input's bound from its upstream writers at the last check (see {@link UpstreamWatermarks}). */
    Map<String, UpstreamWatermarks.Bound> bounds() {
        return upstream.lastBounds();
    }

    /**
     * How far the topic's watermark was behind the clock at the last check that computed it (at least every 10 s in
     * the process that judges the worker's deadlines), in seconds; NaN where none did.
     */
    public double watermarkDelaySeconds(String topic) {
        Long wm = lastWatermarks.get(topic);
        if (wm == null) {
            return Double.NaN;
        }
        // an upstream writer with records to read that never committed: no data time reached at all
        return wm == Long.MIN_VALUE ? Double.POSITIVE_INFINITY : Math.max(0, lastWatermarksAt - wm) / 1000.0;
    }

    /** The groups stored, as the last count found them (every 10 s). */
    public long storedGroups() {
        return inFlight.groups();
    }

    /** When the earliest deadline of the stored groups falls (epoch millis, data time), as last found; MAX_VALUE for none. */
    public long earliestDeadline() {
        return inFlight.earliestDeadline();
    }

    private synchronized BrokerPositions positions() {
        if (positions == null) {
            positions = new BrokerPositions(brokers, worker);
        }
        return positions;
    }

    @Override
    protected synchronized void doStop() {
        if (positions != null) {
            positions.close();
            positions = null;
        }
    }
}
