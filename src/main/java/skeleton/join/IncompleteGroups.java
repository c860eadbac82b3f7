package skeleton.join;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports the groups a worker discards: one WARN line naming the worker, the id and the missing topics, and one
 * count on {@code worker.groups.discarded}.
 */
public final class IncompleteGroups {

    private static final Logger LOG = LoggerFactory.getLogger(IncompleteGroups.class);

    private final String worker;
    private final List<String> inputs;
    private final WorkerMetrics metrics;

    public IncompleteGroups(String worker, List<String> inputs, WorkerMetrics metrics) {
        this.worker = worker;
        this.inputs = List.copyOf(inputs);
        this.metrics = metrics;
    }

    /** A part of a group that already completed: dropped, counted, logged at DEBUG (a re-read after a crash is normal). */
    public void repeat(Part part) {
        metrics.repeated();
        LOG.debug("worker {} dropped a repeat of id={} from {}: its group already completed", worker, part.key(), part.position());
    }

    public void report(JoinGroup group, String why) {
        metrics.discarded();
        LOG.warn("worker {} discarded incomplete group id={} missing topics {} (had {}): {}",
                worker, group.key(), group.missing(inputs), group.positions(inputs), why);
    }
}
