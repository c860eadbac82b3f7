package skeleton.join;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What became of a worker's recent groups, by id: joined and sent, nothing to send, discarded, sent on as partial or
 * expired, dead-lettered. Bounded (the last {@link #IDS} ids, the last {@link #PER_ID} outcomes of each): it answers
 * "what happened to 42 lately", it is no audit log.
 */
public final class RecentOutcomes {

    static final int IDS = 10_000;
    static final int PER_ID = 8;

    /** One outcome: when, what, and the detail a person reads. */
    public record Outcome(String at, String outcome, String detail) {
    }

    private final Map<String, Deque<Outcome>> byId = new LinkedHashMap<>(1024, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Deque<Outcome>> eldest) {
            return size() > IDS;
        }
    };

    synchronized void add(String id, String outcome, String detail) {
        Deque<Outcome> outcomes = byId.remove(id);
        if (outcomes == null) {
            outcomes = new ArrayDeque<>(2);
        }
        if (outcomes.size() == PER_ID) {
            outcomes.removeFirst();
        }
        outcomes.addLast(new Outcome(Instant.now().toString(), outcome, detail));
        // re-inserted: the id is the newest, the last to be forgotten
        byId.put(id, outcomes);
    }

    synchronized List<Outcome> of(String id) {
        Deque<Outcome> outcomes = byId.get(id);
        return outcomes == null ? List.of() : new ArrayList<>(outcomes);
    }
}
