package skeleton.join;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import org.apache.camel.Exchange;
import org.apache.camel.support.SynchronizationAdapter;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * The unit of work of one poll (or of one deadline check): the repository writes it holds until its end, the
 * completed groups whose outputs are on their way, and the offsets it may commit once all of that is durable.
 * Bound to the thread that runs it: Camel's aggregator reads groups through {@code get(context, key)}, which carries
 * no exchange, so a thread-bound unit is the one place the repository can find the poll it works for.
 */
public final class PollUnit {

    private static final ThreadLocal<PollUnit> CURRENT = new ThreadLocal<>();

    /** A group as the unit will write it: {@code group} null means removed; {@code version} is the stored row's, null if none. */
    record Held(Exchange group, Long version) {
    }

    /** One record of the poll: where it was read and its record timestamp. */
    record Read(TopicPartition partition, long offset, long timestamp) {
    }

    private final Map<String, Held> groups = new TreeMap<>();
    private final Map<String, Long> completed = new TreeMap<>();
    private final Map<String, Long> judged = new LinkedHashMap<>();
    private final List<Read> reads = new ArrayList<>();
    /** Per partition of the poll: the offset after its last record read, and the largest timestamp read. */
    private final Map<TopicPartition, long[]> next = new LinkedHashMap<>();
    private Consumer<?, ?> consumer;
    private int sending;
    private int tracked;
    /** The identities of the completed groups whose exchanges succeeded: sent, dead-lettered or nothing to send. */
    private final List<String> done = new ArrayList<>();
    private Exception sendFailure;

    /** The unit bound to the calling thread, or null. */
    static PollUnit current() {
        return CURRENT.get();
    }

    /** Binds a new unit to the calling thread. */
    static PollUnit open() {
        PollUnit unit = new PollUnit();
        CURRENT.set(unit);
        return unit;
    }

    /** Unbinds the unit from the calling thread. */
    void close() {
        if (CURRENT.get() == this) {
            CURRENT.remove();
        }
    }

    // ---- the poll's records and offsets

    /** The Kafka consumer of the poll (null in a deadline check): it commits and seeks on the poll's thread. */
    void consumer(Consumer<?, ?> kafkaConsumer) {
        this.consumer = kafkaConsumer;
    }

    Consumer<?, ?> consumer() {
        return consumer;
    }

    void read(TopicPartition partition, long offset, long timestamp) {
        reads.add(new Read(partition, offset, timestamp));
        next.merge(partition, new long[] {offset + 1, timestamp},
                (a, b) -> new long[] {Math.max(a[0], b[0]), Math.max(a[1], b[1])});
    }

    List<Read> reads() {
        return reads;
    }

    /**
     * The offsets to commit when the unit's effects are durable: after the last record read of each partition, each
     * with the note {@code watermarks} keeps on a commit.
     */
    Map<TopicPartition, OffsetAndMetadata> nextOffsets(Watermarks watermarks) {
        Map<TopicPartition, OffsetAndMetadata> out = new LinkedHashMap<>();
        next.forEach((tp, n) -> out.put(tp, new OffsetAndMetadata(n[0], watermarks.commitNote(tp, n[1]))));
        return out;
    }

    // ---- what the store held for the poll's keys, read together at its start

    /** Per key read at the poll's start, what the store held (null: nothing); a key leaves once read. */
    private final Map<String, GroupStore.Found> prefetched = new HashMap<>();

    /** The store's answers for keys the poll is likely to read (keys stored nowhere are absent from {@code found}). */
    void prefetched(Collection<String> keys, Map<String, GroupStore.Found> found) {
        keys.forEach(key -> prefetched.put(key, found.get(key)));
    }

    /** Whether the key was read at the start of the poll and not taken since. */
    boolean hasPrefetched(String key) {
        return prefetched.containsKey(key);
    }

    /** Takes the start-of-poll answer for a key (null: nothing stored): read once, later reads see the held writes. */
    GroupStore.Found takePrefetched(String key) {
        return prefetched.remove(key);
    }

    // ---- the poll's records, parsed once at its start

    /** Per record read ({@code topic[partition]@offset}), its parse; taken by the route's part step. */
    private final Map<String, PartParser.Result> parsed = new HashMap<>();

    void parsed(String position, PartParser.Result result) {
        parsed.put(position, result);
    }

    /** The parse of a record done at the poll's start, or null (then the part step parses it itself). */
    PartParser.Result takeParsed(String position) {
        return parsed.remove(position);
    }

    // ---- groups a consumer holds in memory across its polls (HeldGroups)

    private HeldGroups holder;
    private final Map<String, Long> heldSince = new HashMap<>();
    private final java.util.Set<String> keyedById = new java.util.HashSet<>();

    /** The groups the poll's consumer holds in memory, or null (not held: every new group is stored). */
    HeldGroups holder() {
        return holder;
    }

    void holder(HeldGroups groups) {
        this.holder = groups;
    }

    /** Since when a group taken from the consumer's memory has been held there. */
    void heldFrom(String key, long since) {
        heldSince.put(key, since);
    }

    long heldSince(String key, long otherwise) {
        return heldSince.getOrDefault(key, otherwise);
    }

    /** A record of the poll ({@code topic[partition]@offset}) whose key is its id; a held group's parts count too. */
    void markKeyedById(String position) {
        keyedById.add(position);
    }

    boolean keyedById(String position) {
        return keyedById.contains(position);
    }

    // ---- held repository writes

    Held held(String key) {
        return groups.get(key);
    }

    void hold(String key, Exchange group, Long version) {
        groups.put(key, new Held(group, version));
    }

    /** Remembers that the group of this key completed, so repeats of its parts up to {@code until} (data time) are dropped. */
    void completed(String key, long until) {
        completed.put(key, until);
    }

    Map<String, Held> heldGroups() {
        return groups;
    }

    Map<String, Long> completedGroups() {
        return completed;
    }

    boolean hasWrites() {
        return !groups.isEmpty() || !completed.isEmpty();
    }

    // ---- the deadline check: the version of each group it judged

    void judge(String key, long version) {
        judged.put(key, version);
    }

    /** The version judged for this key, or null when the unit judges none. */
    Long judged(String key) {
        return judged.get(key);
    }

    boolean judges() {
        return !judged.isEmpty();
    }

    // ---- completed groups on their way out

    /** Follows a completed group's exchange: the unit ends only once it is done, and fails if it failed. */
    void track(Exchange aggregated) {
        synchronized (this) {
            sending++;
            tracked++;
        }
        aggregated.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange exchange) {
                JoinGroup group = exchange.isFailed() ? null : exchange.getProperty(JoinedMessage.GROUP, JoinGroup.class);
                sent(exchange.isFailed() ? failure(exchange) : null, group);
            }
        });
    }

    private static Exception failure(Exchange exchange) {
        Exception e = exchange.getException();
        return e != null ? e : new IllegalStateException("the exchange of group " + exchange.getExchangeId() + " failed");
    }

    /** The completed groups of the unit whose results are durable (see {@link SentGroups}). */
    synchronized List<String> doneGroups() {
        return List.copyOf(done);
    }

    /** True when a group of the unit completed (and was sent, once {@link #awaitSent} returned null). */
    synchronized boolean sentAny() {
        return tracked > 0;
    }

    private synchronized void sent(Exception failure, JoinGroup group) {
        sending--;
        if (group != null) {
            done.add(SentGroups.identity(group));
        }
        if (failure != null && sendFailure == null) {
            sendFailure = failure;
        }
        notifyAll();
    }

    /**
     * Waits until every completed group of the unit is sent (or dead-lettered), or failed, at most
     * {@code timeoutMillis}. Returns the first failure, or null when all of them succeeded.
     */
    synchronized Exception awaitSent(long timeoutMillis) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (sending > 0) {
            long left = end - System.nanoTime();
            if (left <= 0) {
                return new IllegalStateException(sending + " completed groups still unsent after " + timeoutMillis + " ms");
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return sendFailure;
    }
}
