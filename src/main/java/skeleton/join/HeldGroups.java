package skeleton.join;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.apache.camel.Exchange;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * New groups one consumer keeps in memory for a while ({@code JOIN_HOLD_MS}) instead of storing them, as Kafka
 * Streams keeps its local store: a group whose other parts come within that time is completed without a write or a
 * read of the join store. Only where the inputs are co-partitioned by id (each record's key is its id, the input
 * topics have as many partitions, and the consumer holds partition p of every input), so that the other parts of a
 * held group come to the same consumer. Held parts are not durable, so their records are not committed: each
 * partition is committed up to its first held part, and its watermark goes no further; after a crash they are read
 * again. A held group is stored once it has waited its time (the consumer looks after each poll of Kafka, records
 * or none) or when the consumer holds too many. After a rebalance, a failed poll or a held group found stored by
 * another consumer, the consumer drops what it holds and reads again from its committed offsets. Only the
 * consumer's own thread touches what it holds.
 */
final class HeldGroups {

    private static final Logger LOG = LoggerFactory.getLogger(HeldGroups.class);

    private record Entry(Exchange group, long since, List<Part> parts) {
    }

    private final String worker;
    private final List<String> inputs;
    private final long holdMillis;
    private final int capacity;
    private final boolean coPartitioned;
    private final Map<String, Entry> groups = new LinkedHashMap<>();
    /** Per partition: the offsets of the held parts read from it. */
    private final Map<TopicPartition, TreeSet<Long>> heldOffsets = new HashMap<>();
    /** Per partition: the offset after the last record read. */
    private final Map<TopicPartition, Long> readUpTo = new HashMap<>();
    /** Per partition: the offset committed, the first record whose effect may not be durable. */
    private final Map<TopicPartition, Long> committed = new HashMap<>();
    /** Per partition: the largest record timestamp read before its committed offset. */
    private final Map<TopicPartition, Long> committedTimestamp = new HashMap<>();
    /** Per partition, per poll read past the committed offset: the offset after it and the largest timestamp so far. */
    private final Map<TopicPartition, ArrayDeque<long[]>> checkpoints = new HashMap<>();
    private int generation = Integer.MIN_VALUE;
    /** No held group is due before this time (epoch millis). */
    private long nextDue;

    HeldGroups(String worker, List<String> inputs, long holdMillis, int capacity, Consumer<?, ?> consumer) {
        this.worker = worker;
        this.inputs = List.copyOf(inputs);
        this.holdMillis = holdMillis;
        this.capacity = capacity;
        this.coPartitioned = samePartitionCounts(consumer, inputs);
        if (!coPartitioned) {
            LOG.info("worker {}: its input topics have different partition counts, so every new group is stored at once", worker);
        }
    }

    private static boolean samePartitionCounts(Consumer<?, ?> consumer, List<String> inputs) {
        Integer count = null;
        for (String topic : inputs) {
            List<PartitionInfo> partitions = consumer.partitionsFor(topic);
            if (partitions == null || partitions.isEmpty() || count != null && count != partitions.size()) {
                return false;
            }
            count = partitions.size();
        }
        return true;
    }

    /** True when the record's key is its id: the producer put it where the other parts of the id go. */
    static boolean keyedById(byte[] recordKey, String id) {
        return recordKey != null && Arrays.equals(recordKey, id.getBytes(StandardCharsets.UTF_8));
    }

    // ---- the consumer's poll, on its thread

    /**
     * A poll begins. After a rebalance what is held can no longer be trusted (its partitions may have been read by
     * another consumer meanwhile): it is dropped, and the offsets to read again from are returned; empty otherwise.
     */
    Map<TopicPartition, Long> begin(Consumer<?, ?> consumer) {
        int now = consumer.groupMetadata().generationId();
        boolean rebalanced = generation != Integer.MIN_VALUE && now != generation;
        generation = now;
        if (!rebalanced) {
            return Map.of();
        }
        Map<TopicPartition, Long> back = reset();
        // partitions may have moved: start afresh from the offsets the next records come from
        readUpTo.clear();
        committed.clear();
        committedTimestamp.clear();
        return back;
    }

    /** Drops what is held; returns, per partition read past its committed offset, that offset to read again from. */
    Map<TopicPartition, Long> reset() {
        if (!groups.isEmpty()) {
            LOG.debug("worker {}: drops {} groups held in memory; their records are read again", worker, groups.size());
        }
        groups.clear();
        heldOffsets.clear();
        checkpoints.clear();
        Map<TopicPartition, Long> back = new LinkedHashMap<>();
        committed.forEach((tp, offset) -> {
            if (readUpTo.getOrDefault(tp, offset) > offset) {
                back.put(tp, offset);
            }
            readUpTo.put(tp, offset);
        });
        return back;
    }

    boolean holds(String key) {
        return groups.containsKey(key);
    }

    /** Takes the held group of a key into the poll (null if none): the poll stores it or holds it again. */
    Exchange take(String key, PollUnit unit) {
        Entry e = groups.remove(key);
        if (e == null) {
            return null;
        }
        forget(e);
        unit.heldFrom(key, e.since());
        e.parts().forEach(p -> unit.markKeyedById(p.position()));
        return e.group();
    }

    /**
     * Before the poll's writes are stored: the new groups of the poll that may wait are taken out of its writes and
     * held; the held groups that waited their time, or beyond the capacity, join its writes to be stored.
     */
    void settle(PollUnit unit, Consumer<?, ?> consumer, long now) {
        Set<TopicPartition> assigned = coPartitioned ? consumer.assignment() : Set.of();
        for (Iterator<Map.Entry<String, PollUnit.Held>> it = unit.heldGroups().entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, PollUnit.Held> e = it.next();
            PollUnit.Held held = e.getValue();
            if (held.group() == null || held.version() != null) {
                continue;
            }
            JoinGroup group = held.group().getMessage().getBody(JoinGroup.class);
            long since = unit.heldSince(e.getKey(), now);
            if (group == null || now - since >= holdMillis || !mayWait(group, unit, assigned)) {
                continue;
            }
            List<Part> parts = List.copyOf(group.slots().values());
            groups.put(e.getKey(), new Entry(JsonExchangeCodec.compact(held.group()), since, parts));
            parts.forEach(p -> heldOffsets.computeIfAbsent(partitionOf(p), k -> new TreeSet<>()).add(p.offset()));
            nextDue = Math.min(nextDue, since + holdMillis);
            it.remove();
        }
        for (String key : dueKeys(now, capacity)) {
            Entry e = groups.remove(key);
            forget(e);
            unit.hold(key, e.group(), null);
        }
    }

    /**
     * The held groups that waited their time, and beyond {@code keep} the oldest held, in the order they were held.
     * Looks only when one may be due: the time the next is due is kept.
     */
    private List<String> dueKeys(long now, int keep) {
        List<String> due = new ArrayList<>();
        if (now < nextDue && groups.size() <= keep) {
            return due;
        }
        long next = Long.MAX_VALUE;
        int left = groups.size();
        for (Map.Entry<String, Entry> e : groups.entrySet()) {
            if (now - e.getValue().since() >= holdMillis || left > keep) {
                due.add(e.getKey());
                left--;
            } else {
                next = Math.min(next, e.getValue().since() + holdMillis);
            }
        }
        nextDue = next;
        return due;
    }

    private static TopicPartition partitionOf(Part p) {
        return new TopicPartition(p.topic(), p.partition());
    }

    private void forget(Entry e) {
        for (Part p : e.parts()) {
            TreeSet<Long> offsets = heldOffsets.get(partitionOf(p));
            if (offsets != null) {
                offsets.remove(p.offset());
            }
        }
    }

    private boolean mayWait(JoinGroup group, PollUnit unit, Set<TopicPartition> assigned) {
        if (!coPartitioned) {
            return false;
        }
        for (Part p : group.slots().values()) {
            if (!unit.keyedById(p.position())) {
                return false;
            }
            for (String topic : inputs) {
                if (!assigned.contains(new TopicPartition(topic, p.partition()))) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * Once the poll's writes are stored: notes its records, and returns the offsets to commit, each partition up to
     * its first held part, with the data time read up to there; the watermarks advance as far.
     */
    Map<TopicPartition, OffsetAndMetadata> durable(PollUnit unit, Watermarks watermarks) {
        Map<TopicPartition, long[]> poll = new LinkedHashMap<>();
        for (PollUnit.Read r : unit.reads()) {
            committed.putIfAbsent(r.partition(), r.offset());
            poll.merge(r.partition(), new long[] {r.offset() + 1, r.timestamp()},
                    (a, b) -> new long[] {Math.max(a[0], b[0]), Math.max(a[1], b[1])});
        }
        poll.forEach((tp, n) -> {
            readUpTo.merge(tp, n[0], Math::max);
            ArrayDeque<long[]> marks = checkpoints.computeIfAbsent(tp, k -> new ArrayDeque<>());
            long before = marks.isEmpty() ? committedTimestamp.getOrDefault(tp, Long.MIN_VALUE) : marks.peekLast()[1];
            marks.addLast(new long[] {n[0], Math.max(before, n[1])});
        });
        return advance(watermarks);
    }

    /**
     * Moves each partition's committed offset up to its first held part, advances its watermark as far, and returns
     * the offsets to commit.
     */
    private Map<TopicPartition, OffsetAndMetadata> advance(Watermarks watermarks) {
        Map<TopicPartition, OffsetAndMetadata> out = new LinkedHashMap<>();
        readUpTo.forEach((tp, read) -> {
            TreeSet<Long> held = heldOffsets.get(tp);
            long to = held == null || held.isEmpty() ? read : Math.min(read, held.first());
            if (to <= committed.getOrDefault(tp, to)) {
                return;
            }
            long timestamp = committedTimestamp.getOrDefault(tp, Long.MIN_VALUE);
            ArrayDeque<long[]> marks = checkpoints.getOrDefault(tp, new ArrayDeque<>());
            for (long[] mark : marks) {
                if (mark[0] > to) {
                    break;
                }
                timestamp = mark[1];
            }
            watermarks.advance(tp.topic(), tp.partition(), to - 1, timestamp);
            marks.removeIf(mark -> mark[0] <= to);
            committed.put(tp, to);
            committedTimestamp.put(tp, timestamp);
            out.put(tp, new OffsetAndMetadata(to, watermarks.commitNote(tp, timestamp)));
        });
        return out;
    }

    /** The held groups that waited their time: to be stored now (see {@link #stored}). */
    Map<String, Exchange> due(long now) {
        Map<String, Exchange> due = new LinkedHashMap<>();
        dueKeys(now, Integer.MAX_VALUE).forEach(key -> due.put(key, groups.get(key).group()));
        return due;
    }

    /** The groups {@link #due} returned are stored: their records may be committed. */
    Map<TopicPartition, OffsetAndMetadata> stored(Set<String> keys, Watermarks watermarks) {
        for (String key : keys) {
            Entry e = groups.remove(key);
            if (e != null) {
                forget(e);
            }
        }
        return advance(watermarks);
    }

    int size() {
        return groups.size();
    }
}
