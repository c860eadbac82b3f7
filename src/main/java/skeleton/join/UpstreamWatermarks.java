package skeleton.join;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import skeleton.config.Pipeline;
import skeleton.config.WorkerConfig;

/**
 * Bounds on a worker's input watermarks from the workers that write those inputs (its upstream writers, from the
 * consumer_configs table). A writer's outputs carry their group's latest part's timestamp, so nothing it sends from
 * now on is older than its own progress: the smallest, over its input partitions, of the data time noted on its
 * committed offset less the grace, or, where it has read everything, the clock; and no older than what its own
 * writers will still send (applied up the graph, each worker once per path, so a cycle ends and a worker's own
 * outputs never hold its inputs back). A topic no worker of the table writes has no bound (an external input). A
 * writer that has work left and whose commits have not moved for {@code MAX_UPSTREAM_WAIT} stops holding back, with
 * a WARN, until it moves again. Read by the process that judges the worker's deadlines, at each check.
 */
final class UpstreamWatermarks {

    private static final Logger LOG = LoggerFactory.getLogger(UpstreamWatermarks.class);

    /** The pipeline as far as watermarks care: the workers writing each topic, the inputs of each worker. */
    record Graph(Map<String, List<String>> writers, Map<String, List<String>> inputs) {
        static final Graph NONE = new Graph(Map.of(), Map.of());

        static Graph of(Pipeline pipeline) {
            Map<String, List<String>> writers = new HashMap<>();
            Map<String, List<String>> inputs = new HashMap<>();
            for (WorkerConfig w : pipeline.workers()) {
                inputs.put(w.name(), w.inputs());
                w.outputs().forEach(t -> writers.computeIfAbsent(t, k -> new ArrayList<>()).add(w.name()));
            }
            return new Graph(writers, inputs);
        }
    }

    /**
     * Nothing written to a topic from now on is older than {@code dataTime}; {@code heldBy}, reading {@code on}, is
     * the writer whose position sets it (null: none does, the clock or no bound does).
     */
    record Bound(long dataTime, String heldBy, String on) {
        static final Bound NONE = new Bound(Long.MAX_VALUE, null, null);

        Bound min(Bound other) {
            return other.dataTime < dataTime ? other : this;
        }
    }

    /** What a writer was last seen doing. */
    private record Seen(Map<TopicPartition, Long> committed, long since, boolean released, long progress) {
        /** Some input partition not read to its end: its progress is then that partition's. */
        boolean workLeft() {
            return progress != Long.MAX_VALUE;
        }
    }

    private final String worker;
    private final List<String> inputs;
    private final Graph graph;
    private final long graceMillis;
    private final long maxWaitMillis;
    /** The upstream writers and their inputs: whose positions each check reads. */
    private final Map<String, List<String>> upstream;
    private final Map<String, Seen> seen = new HashMap<>();
    /** Upstream writers whose commits the broker would not show this worker (warned once). */
    private final Set<String> unreadable = new HashSet<>();
    private volatile Map<String, Bound> lastBounds = Map.of();
    private volatile Map<String, Seen> lastSeen = Map.of();

    UpstreamWatermarks(String worker, List<String> inputs, Graph graph, long graceMillis, long maxWaitMillis) {
        this.worker = worker;
        this.inputs = List.copyOf(inputs);
        this.graph = graph;
        this.graceMillis = graceMillis;
        this.maxWaitMillis = maxWaitMillis;
        this.upstream = reachable();
    }

    /** The upstream writers, each with its inputs (empty when every input is external). */
    Map<String, List<String>> writers() {
        return upstream;
    }

    private Map<String, List<String>> reachable() {
        Map<String, List<String>> out = new TreeMap<>();
        Deque<String> topics = new ArrayDeque<>(inputs);
        Set<String> done = new HashSet<>();
        while (!topics.isEmpty()) {
            String topic = topics.pop();
            if (!done.add(topic)) {
                continue;
            }
            for (String w : graph.writers().getOrDefault(topic, List.of())) {
                if (!w.equals(worker) && !out.containsKey(w)) {
                    List<String> in = graph.inputs().getOrDefault(w, List.of());
                    out.put(w, in);
                    topics.addAll(in);
                }
            }
        }
        return out;
    }

    /**
     * The bound of each input topic, from the writers' positions ({@code positions}: per writer's consumer group, its
     * input partitions); {@code now} read before the positions were.
     */
    Map<String, Bound> bounds(Map<String, Map<TopicPartition, Watermarks.BrokerPosition>> positions, long now) {
        for (String w : upstream.keySet()) {
            if (positions.containsKey(w)) {
                if (unreadable.remove(w)) {
                    LOG.info("worker {}: the commits of upstream worker {} can be read again", worker, w);
                }
                observe(w, positions.get(w), now);
            } else if (unreadable.add(w)) {
                // no bound rather than none ever: the worker's expiries go on as for an outside input
                LOG.warn("worker {}: cannot read the commits of upstream worker {} (the broker refuses to describe its"
                        + " consumer group to this worker: grant DESCRIBE on group {}); it does not hold back {}",
                        worker, w, w, outputsOf(w));
                seen.remove(w);
            }
        }
        Map<String, Bound> out = new LinkedHashMap<>();
        for (String topic : inputs) {
            out.put(topic, topicBound(topic, Set.of(worker), positions, now));
        }
        lastBounds = out;
        lastSeen = Map.copyOf(seen);
        return out;
    }

    private Bound topicBound(String topic, Set<String> path, Map<String, Map<TopicPartition, Watermarks.BrokerPosition>> positions,
                             long now) {
        Bound b = Bound.NONE;
        for (String w : graph.writers().getOrDefault(topic, List.of())) {
            if (!path.contains(w)) {
                Set<String> further = new HashSet<>(path);
                further.add(w);
                b = b.min(writerBound(w, further, positions, now));
            }
        }
        return b;
    }

    /** The oldest data time the writer can still send: its own progress, and what its own writers can still send. */
    private Bound writerBound(String w, Set<String> path, Map<String, Map<TopicPartition, Watermarks.BrokerPosition>> positions,
                              long now) {
        Bound b = new Bound(now, null, null);
        Seen s = seen.get(w);
        if (s != null && !s.released() && s.progress() < now) {
            b = new Bound(s.progress(), w, behindOn(positions.getOrDefault(w, Map.of())));
        }
        for (String topic : graph.inputs().getOrDefault(w, List.of())) {
            b = b.min(topicBound(topic, path, positions, now));
        }
        return b;
    }

    /** Notes the writer's commits: whether it has work left, since when they stand still, its own progress. */
    private void observe(String w, Map<TopicPartition, Watermarks.BrokerPosition> positions, long now) {
        Map<TopicPartition, Long> committed = new HashMap<>();
        long progress = Long.MAX_VALUE;
        for (Map.Entry<TopicPartition, Watermarks.BrokerPosition> e : positions.entrySet()) {
            Watermarks.BrokerPosition p = e.getValue();
            committed.put(e.getKey(), p.committedOffset());
            if (!caughtUp(p)) {
                long noted = p.committedDataTime();
                progress = Math.min(progress, noted == Long.MIN_VALUE ? Long.MIN_VALUE : noted - graceMillis);
            }
        }
        boolean workLeft = progress != Long.MAX_VALUE;
        Seen before = seen.get(w);
        boolean moved = before == null || !before.committed().equals(committed) || !workLeft;
        long since = moved ? now : before.since();
        boolean released = !moved && (before.released() || now - since > maxWaitMillis);
        if (released && !before.released()) {
            LOG.warn("worker {}: upstream worker {} has had work left on {} without committing for {} s (MAX_UPSTREAM_WAIT);"
                    + " it no longer holds back {}: groups missing its parts expire, and its parts that come later are late",
                    worker, w, behindOn(positions), (now - since) / 1000, outputsOf(w));
        } else if (!released && before != null && before.released()) {
            LOG.info("worker {}: upstream worker {} {}: it holds back {} again", worker, w,
                    workLeft ? "commits again" : "has caught up", outputsOf(w));
        }
        seen.put(w, new Seen(committed, since, released, progress));
    }

    private static boolean caughtUp(Watermarks.BrokerPosition p) {
        return Math.max(p.startOffset(), p.committedOffset()) >= p.endOffset() || p.onlyMarkersLeft();
    }

    /** The writer's input topics it has work left on. */
    private static String behindOn(Map<TopicPartition, Watermarks.BrokerPosition> positions) {
        Set<String> topics = new TreeSet<>();
        positions.forEach((tp, p) -> {
            if (!caughtUp(p)) {
                topics.add(tp.topic());
            }
        });
        return String.join(", ", topics);
    }

    private List<String> outputsOf(String w) {
        List<String> out = new ArrayList<>();
        graph.writers().forEach((topic, ws) -> {
            if (ws.contains(w)) {
                out.add(topic);
            }
        });
        out.sort(null);
        return out;
    }

    /** The bound of each input at the last check (empty before it, or where no check read them). */
    Map<String, Bound> lastBounds() {
        return lastBounds;
    }

    /** The writers as last seen, for health and the pipeline page: each one's state and progress. */
    Map<String, Object> describe(long now) {
        Map<String, Object> out = new LinkedHashMap<>();
        lastSeen.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            Seen s = e.getValue();
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("state", !s.workLeft() ? "caught up" : s.released() ? "released (MAX_UPSTREAM_WAIT passed)" : "holding back");
            if (s.workLeft()) {
                d.put("progress", s.progress() == Long.MIN_VALUE ? "nothing committed" : Instant.ofEpochMilli(s.progress()).toString());
                d.put("commitsStillForSeconds", (now - s.since()) / 1000);
            }
            out.put(e.getKey(), d);
        });
        return out;
    }

    /** How many upstream writers, as last seen, have work left ({@code released}: and were let go after the wait). */
    long writersBehind(boolean released) {
        return lastSeen.values().stream().filter(s -> s.workLeft() && s.released() == released).count();
    }

    long maxWaitMillis() {
        return maxWaitMillis;
    }
}
