package skeleton.join;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.apache.camel.Exchange;
import org.apache.camel.processor.aggregate.MemoryAggregationRepository;

/**
 * Camel's {@link MemoryAggregationRepository} with the deadline look-up of {@link JoinRepository}, for
 * {@code JOIN_REPOSITORY=memory}: fast, and nothing survives a restart (groups in flight are lost, and a crash
 * between the join and the send loses that output). For measurements and stateless experiments, not for production.
 */
public final class MemoryJoinRepository extends MemoryAggregationRepository implements DeadlineRepository {

    /** With optimistic locking, as the worker's aggregator runs without its lock (one consumer thread or several). */
    public MemoryJoinRepository() {
        super(true);
    }

    @Override
    public List<JoinRepository.Candidate> deadlinesBefore(long before) {
        List<JoinRepository.Candidate> due = new ArrayList<>();
        for (String key : getKeys()) {
            Exchange group = get(null, key);
            String deadline = group == null ? null : group.getMessage().getHeader(JoinHeaders.DEADLINE, String.class);
            if (deadline != null && Long.parseLong(deadline) < before) {
                due.add(JoinRepository.Candidate.of(key, deadline, group.getMessage().getHeader(JoinHeaders.MISSING, String.class)));
            }
        }
        due.sort(Comparator.comparingLong(JoinRepository.Candidate::deadline));
        return due;
    }
}
