package skeleton.join;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Reports the groups a worker does not join: one WARN line naming the worker, the id and the missing topics, and one
 * count on {@code worker.groups.discarded}, {@code worker.groups.partial} or {@code worker.groups.expired}.
 */
public final class IncompleteGroups {

    private static final Logger LOG = LoggerFactory.getLogger(IncompleteGroups.class);

    private final String worker;
    private final List<String> inputs;
    private final WorkerMetrics metrics;
    private final RecentOutcomes recent;

    public IncompleteGroups(String worker, List<String> inputs, WorkerMetrics metrics) {
        this(worker, inputs, metrics, new RecentOutcomes());
    }

    IncompleteGroups(String worker, List<String> inputs, WorkerMetrics metrics, RecentOutcomes recent) {
        this.worker = worker;
        this.inputs = List.copyOf(inputs);
        this.metrics = metrics;
        this.recent = recent;
    }

    /** A part of a group that already completed: dropped, counted, logged at DEBUG (a re-read after a crash is normal). */
    public void repeat(Part part) {
        metrics.repeated();
        LOG.debug("worker {} dropped a repeat of id={} from {}: its group already completed", worker, part.key(), part.position());
    }

    /** A group past its deadline that goes to the processor as it is ({@code INCOMPLETE_POLICY=partial}). */
    public void partial(JoinGroup group, String why) {
        metrics.partial();
        recent.add(group.key(), "partial", "sent on missing " + group.missing(inputs) + " (had " + group.positions(inputs) + "): " + why);
        try (var id = MDC.putCloseable("id", group.key())) {
            LOG.warn("worker {} sends incomplete group id={} missing topics {} (had {}) on as partial: {}",
                    worker, group.key(), group.missing(inputs), group.positions(inputs), why);
        }
    }

    /** A group past its deadline kept on the worker's {@code .expired} topic ({@code INCOMPLETE_POLICY=expired}). */
    public void expired(JoinGroup group, String why) {
        metrics.expired();
        recent.add(group.key(), "expired", "to the expired topic, missing " + group.missing(inputs) + " (had "
                + group.positions(inputs) + "): " + why);
        try (var id = MDC.putCloseable("id", group.key())) {
            LOG.warn("worker {} sends incomplete group id={} missing topics {} (had {}) to its expired topic: {}",
                    worker, group.key(), group.missing(inputs), group.positions(inputs), why);
        }
    }

    public void report(JoinGroup group, String why) {
        metrics.discarded();
        recent.add(group.key(), "discarded", "missing " + group.missing(inputs) + " (had " + group.positions(inputs) + "): " + why);
        group.missing(inputs).forEach(metrics::discardedMissing);
        try (var id = MDC.putCloseable("id", group.key())) {
            LOG.warn("worker {} discarded incomplete group id={} missing topics {} (had {}): {}",
                    worker, group.key(), group.missing(inputs), group.positions(inputs), why);
        }
    }
}
