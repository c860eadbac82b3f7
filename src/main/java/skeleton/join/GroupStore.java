package skeleton.join;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;

/**
 * Where a worker keeps its groups in flight and the ids it completed: the config database ({@link JdbcGroupStore})
 * or memory ({@link MemoryGroupStore}). Every write of a unit of work arrives in one {@link #write} call.
 */
interface GroupStore {

    /** What is stored under a key: a group in flight (with its row version), or the note that it completed. */
    record Found(Exchange group, long version, Long completedUntil) {
    }

    /** A change to one group: {@code group} null deletes it; {@code version} is the version read, null for a new group. */
    record Change(String key, Exchange group, Long version) {
    }

    /** The group in flight under this key, else the note that it completed, else null. */
    Found find(CamelContext context, String key);

    /** Whether {@link #findAll} costs less than a {@link #find} per key (a database: one round trip instead of many). */
    default boolean batchesReads() {
        return false;
    }

    /** What {@link #find} answers for each of these keys, in as few reads as the store can; absent keys are left out. */
    default Map<String, Found> findAll(CamelContext context, Collection<String> keys) {
        Map<String, Found> found = new HashMap<>();
        for (String key : keys) {
            Found f = find(context, key);
            if (f != null) {
                found.put(key, f);
            }
        }
        return found;
    }

    /**
     * Applies the changes and notes the completed ids (with the data time up to which repeats are dropped), all or
     * nothing. A change whose version no longer matches fails the whole write with an
     * {@code OptimisticLockingException}, unless {@code tolerant}: then that change alone is skipped.
     */
    void write(List<Change> changes, Map<String, Long> completed, boolean tolerant);

    /**
     * Claims each candidate for the caller's deadline check, all in one go: the group's version is raised by one where
     * it is still the version judged. Of several processes judging a group, one claims it; a part stored meanwhile
     * makes the claim fail. Returns the candidates claimed, with their new version.
     */
    Map<String, Long> claim(List<JoinRepository.Candidate> candidates);

    /** Groups in flight whose deadline is before {@code before}, oldest first, at most {@code limit}. */
    List<JoinRepository.Candidate> deadlinesBefore(long before, int limit);

    /** Forgets the completed ids whose repeats can no longer come: noted up to before {@code before}. */
    int forgetCompletedBefore(long before);

    Set<String> keys();

    /** How many groups are stored, and the earliest deadline among them ({@link Long#MAX_VALUE} when none). */
    record InFlight(long groups, long earliestDeadline) {
    }

    InFlight inFlight();
}
