package skeleton.join;

import java.util.List;

import org.apache.camel.spi.AggregationRepository;

/**
 * A worker's aggregation repository that can also list its in-flight groups whose deadline has passed on the wall
 * clock, for the deadline check: {@link JoinRepository} (JDBC, durable) or {@link MemoryJoinRepository}.
 */
public interface DeadlineRepository extends AggregationRepository {

    /** Groups whose deadline is before {@code before} (epoch millis), oldest first. */
    List<JoinRepository.Candidate> deadlinesBefore(long before);

    /**
     * From now on, the calling thread's writes are held until it calls {@link #flush()}, and its reads see them. A
     * repository that writes at once ignores this.
     */
    default void holdWritesOnThisThread() {
    }

    /** Writes what the calling thread holds, in one transaction; on failure nothing of it is written. */
    default void flush() {
    }
}
