package skeleton.join;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;
import org.apache.camel.processor.aggregate.AggregateProcessor;
import org.apache.camel.spi.OptimisticLockingAggregationRepository;
import org.apache.camel.support.DefaultExchange;

/**
 * A worker's aggregation repository. Camel's JDBC repository writes each change at once, in its own transaction,
 * and moves a completed group to a recovery table before it is sent; here the writes of a poll are held by its
 * {@link PollUnit} and written together at its end, once its outputs are acknowledged, so a completed group leaves
 * the store only after its result is on the broker and no recovery table is needed. Reads see the unit's held
 * writes. Row versions settle races between consumer threads and processes: a writer that read an older version
 * fails with an {@link OptimisticLockingException}, and the aggregator reads the group again.
 */
public final class JoinRepository implements OptimisticLockingAggregationRepository {

    /** An in-flight group whose deadline has passed in wall-clock time: a candidate for the data-time check. */
    public record Candidate(String key, long deadline, List<String> missing, long version) {

        /** From the stored columns: the zero-padded deadline and the comma-separated missing topics (or null). */
        static Candidate of(String key, String deadline, String missing, long version) {
            return new Candidate(key, Long.parseLong(deadline),
                    missing == null || missing.isEmpty() ? List.of() : List.of(missing.split(",")), version);
        }
    }

    /** The exchange property holding the version of a stored group as it was read. */
    static final String VERSION = "join_version";
    /** The header of the note read for a completed id: the data time up to which its repeats are dropped. */
    static final String COMPLETED_UNTIL = "join_completed_until";
    /** How many candidates one deadline check looks at, at most. */
    static final int CANDIDATES = 1000;

    private final GroupStore store;

    JoinRepository(GroupStore store) {
        this.store = store;
    }

    /** The repository of a worker's groups on its config database. */
    public static JoinRepository jdbc(javax.sql.DataSource dataSource, String table) {
        return new JoinRepository(new JdbcGroupStore(dataSource, table));
    }

    /** Groups in memory: fast, and nothing survives a restart. */
    public static JoinRepository memory() {
        return new JoinRepository(new MemoryGroupStore());
    }

    /** The same store, its calls counted in {@code worker.repository.calls} (tags worker, op). */
    public JoinRepository counted(io.micrometer.core.instrument.MeterRegistry registry, String worker) {
        return new JoinRepository(new CountedStore(store, registry, worker));
    }

    /** The table of a worker: {@code join_} and its name made a plain identifier, short enough for every database. */
    public static String tableFor(String worker) {
        String plain = worker.toLowerCase().replaceAll("[^a-z0-9_]", "_");
        String table = "join_" + plain;
        if (table.length() <= 48 && plain.equals(worker)) {
            return table;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(worker.getBytes(StandardCharsets.UTF_8));
            String head = table.substring(0, Math.min(table.length(), 39));
            return head + "_" + HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The group of a key: from the unit's held writes when it holds one, else from the store. A completed id reads
     * as an exchange with the {@link #COMPLETED_UNTIL} header and no group. In a deadline check, a group whose
     * version is not the one judged (or that completed meanwhile) reads as absent, so it is not expired.
     */
    @Override
    public Exchange get(CamelContext context, String key) {
        PollUnit unit = PollUnit.current();
        if (unit != null) {
            PollUnit.Held held = unit.held(key);
            if (held != null) {
                Long until = unit.completedGroups().get(key);
                return held.group() == null && until != null ? completedNote(context, until) : held.group();
            }
            Exchange kept = unit.holder() != null ? unit.holder().take(key, unit) : null;
            if (kept != null) {
                // a new group its consumer held in memory: the poll stores it, or holds it again
                unit.hold(key, kept, null);
                return kept;
            }
        }
        GroupStore.Found found = unit != null && unit.hasPrefetched(key) ? unit.takePrefetched(key) : store.find(context, key);
        if (found == null) {
            return null;
        }
        if (unit != null && unit.judges()) {
            Long judged = unit.judged(key);
            if (found.group() == null || judged == null || judged != found.version()) {
                return null;
            }
        }
        if (found.group() == null) {
            return completedNote(context, found.completedUntil());
        }
        found.group().setProperty(VERSION, found.version());
        return found.group();
    }

    private static Exchange completedNote(CamelContext context, long until) {
        Exchange note = new DefaultExchange(context);
        note.getMessage().setHeader(COMPLETED_UNTIL, until);
        return note;
    }

    @Override
    public Exchange add(CamelContext context, String key, Exchange exchange) {
        return add(context, key, null, exchange);
    }

    @Override
    public Exchange add(CamelContext context, String key, Exchange oldExchange, Exchange newExchange) {
        if (newExchange.getMessage().getHeader(COMPLETED_UNTIL) != null) {
            return null; // a repeat of a completed group's part, dropped: nothing to store
        }
        Long version = oldExchange == null ? null : oldExchange.getProperty(VERSION, Long.class);
        change(key, newExchange, version);
        return null;
    }

    /** Removes a group that completed (or expired); a completed one is noted so that repeats of its parts are dropped. */
    @Override
    public void remove(CamelContext context, String key, Exchange exchange) {
        change(key, null, exchange.getProperty(VERSION, Long.class));
        boolean forced = AggregateProcessor.COMPLETED_BY_FORCE.equals(exchange.getProperty(ExchangePropertyKey.AGGREGATED_COMPLETED_BY));
        String deadline = exchange.getMessage().getHeader(JoinHeaders.DEADLINE, String.class);
        PollUnit unit = PollUnit.current();
        if (!forced && deadline != null) {
            if (unit != null) {
                unit.completed(key, Long.parseLong(deadline));
            } else {
                store.write(List.of(), Map.of(key, Long.parseLong(deadline)), false);
            }
        }
    }

    private void change(String key, Exchange group, Long version) {
        PollUnit unit = PollUnit.current();
        if (unit != null) {
            PollUnit.Held before = unit.held(key);
            // the version the store holds stays the one read first, whatever the unit changed since
            unit.hold(key, group, before != null ? before.version() : version);
        } else {
            store.write(List.of(new GroupStore.Change(key, group, version)), Map.of(), false);
        }
    }

    /**
     * Reads for the unit, in one go, what the store holds under keys its records are likely to have (their Kafka
     * keys): the aggregator's reads of those keys are then answered without a round trip each. A hint only: a key
     * that is not a record's join id is never read, and a join id that was not among the keys is read as before.
     * The versions read are checked when the unit's writes are stored, as they are for any read.
     */
    void prefetch(PollUnit unit, CamelContext context, Collection<String> keys) {
        if (keys.isEmpty() || !store.batchesReads()) {
            return;
        }
        unit.prefetched(keys, store.findAll(context, keys));
    }

    /** Whether the store is a database, where a read or write saved is a round trip saved. */
    boolean batchesReads() {
        return store.batchesReads();
    }

    /** Writes what the unit holds, all or nothing (in a deadline check, a group changed meanwhile is left as it is). */
    void flush(PollUnit unit) {
        if (!unit.hasWrites()) {
            return;
        }
        List<GroupStore.Change> changes = new ArrayList<>();
        unit.heldGroups().forEach((key, held) -> changes.add(new GroupStore.Change(key, held.group(), held.version())));
        store.write(changes, unit.completedGroups(), unit.judges());
    }

    /** Stores new groups, outside any poll (see {@link HeldGroups#storeDue}); one that exists already fails them all. */
    void storeNew(Map<String, Exchange> groups) {
        List<GroupStore.Change> changes = new ArrayList<>();
        groups.forEach((key, group) -> changes.add(new GroupStore.Change(key, group, null)));
        store.write(changes, Map.of(), false);
    }

    @Override
    public void confirm(CamelContext context, String exchangeId) {
        // nothing to do: a completed group left the store when its unit of work ended
    }

    @Override
    public Set<String> getKeys() {
        return store.keys();
    }

    /** Groups whose deadline is before {@code before} (epoch millis), oldest first, at most {@link #CANDIDATES}. */
    public List<Candidate> deadlinesBefore(long before) {
        return store.deadlinesBefore(before, CANDIDATES);
    }

    /** Claims the candidates judged expired (see {@link GroupStore#claim}); returns those claimed, with their new version. */
    public Map<String, Long> claim(List<Candidate> expired) {
        return store.claim(expired);
    }

    /** How many groups are stored and their earliest deadline: a query, for a periodic check, never per scrape. */
    /** What the store holds for an id right now, outside any poll (null: nothing). */
    GroupStore.Found stored(CamelContext context, String key) {
        return store.find(context, key);
    }

    public GroupStore.InFlight inFlight() {
        return store.inFlight();
    }

    /** Forgets the completed ids whose repeats were dropped up to before {@code before} (data time). */
    public int forgetCompletedBefore(long before) {
        return store.forgetCompletedBefore(before);
    }
}
