package skeleton.join;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.camel.CamelContext;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * A join store that counts its calls, by kind, as {@code worker.repository.calls}: each is one round trip to the
 * database (a query) or one transaction of batched statements (a write, a claim).
 */
final class CountedStore implements GroupStore {

    static final String CALLS = "worker.repository.calls";

    private final GroupStore store;
    private final Counter find;
    private final Counter findAll;
    private final Counter write;
    private final Counter claim;
    private final Counter deadlines;
    private final Counter forget;
    private final Counter keys;
    private final Counter inFlight;

    CountedStore(GroupStore store, MeterRegistry registry, String worker) {
        this.store = store;
        find = registry.counter(CALLS, "worker", worker, "op", "find");
        findAll = registry.counter(CALLS, "worker", worker, "op", "find_all");
        write = registry.counter(CALLS, "worker", worker, "op", "write");
        claim = registry.counter(CALLS, "worker", worker, "op", "claim");
        deadlines = registry.counter(CALLS, "worker", worker, "op", "deadlines");
        forget = registry.counter(CALLS, "worker", worker, "op", "forget");
        keys = registry.counter(CALLS, "worker", worker, "op", "keys");
        inFlight = registry.counter(CALLS, "worker", worker, "op", "in_flight");
    }

    @Override
    public Found find(CamelContext context, String key) {
        find.increment();
        return store.find(context, key);
    }

    @Override
    public boolean batchesReads() {
        return store.batchesReads();
    }

    @Override
    public Map<String, Found> findAll(CamelContext context, Collection<String> keys) {
        findAll.increment();
        return store.findAll(context, keys);
    }

    @Override
    public void write(List<Change> changes, Map<String, Long> completed, boolean tolerant) {
        write.increment();
        store.write(changes, completed, tolerant);
    }

    @Override
    public Map<String, Long> claim(List<JoinRepository.Candidate> candidates) {
        claim.increment();
        return store.claim(candidates);
    }

    @Override
    public List<JoinRepository.Candidate> deadlinesBefore(long before, int limit) {
        deadlines.increment();
        return store.deadlinesBefore(before, limit);
    }

    @Override
    public int forgetCompletedBefore(long before) {
        forget.increment();
        return store.forgetCompletedBefore(before);
    }

    @Override
    public Set<String> keys() {
        keys.increment();
        return store.keys();
    }

    @Override
    public InFlight inFlight() {
        inFlight.increment();
        return store.inFlight();
    }
}
