package skeleton.join;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parts gathered so far for one id: at most one per input topic (a repeat replaces its slot). Immutable; the
 * merge depends only on the parts and the worker's input order, never on arrival order.
 */
public record JoinGroup(Map<String, Part> slots) {

    public JoinGroup {
        slots = Map.copyOf(slots);
    }

    public static JoinGroup of(Part part) {
        return new JoinGroup(Map.of(part.slot(), part));
    }

    /** This group with the part in its topic's slot, replacing an earlier part from the same topic. */
    public JoinGroup with(Part part) {
        Map<String, Part> next = new LinkedHashMap<>(slots);
        next.put(part.slot(), part);
        return new JoinGroup(next);
    }

    public boolean isComplete(List<String> inputs) {
        return missing(inputs).isEmpty();
    }

    /** The input topics that have not contributed yet, in input order. */
    public List<String> missing(List<String> inputs) {
        // loops, not streams, here and below: these run several times for every part read
        List<String> missing = new ArrayList<>(0);
        for (String topic : inputs) {
            if (!slots.containsKey(topic)) {
                missing.add(topic);
            }
        }
        return missing;
    }

    /** The earliest record timestamp of the group: the start of its window in data time. */
    public long firstTimestamp() {
        long first = Long.MAX_VALUE;
        for (Part p : slots.values()) {
            first = Math.min(first, p.timestamp());
        }
        return first;
    }

    /**
     * The end of its window in data time: the timeout after its first part, or for a group holding a replayed part
     * the timeout after the replay if that is later.
     */
    public long deadline(long timeoutMillis) {
        Long replayedAt = replayedAt();
        long deadline = firstTimestamp() + timeoutMillis;
        return replayedAt == null ? deadline : Math.max(deadline, replayedAt + timeoutMillis);
    }

    /** When its latest replayed part was replayed (epoch millis), or null when none of its parts is a replay. */
    public Long replayedAt() {
        Long at = null;
        for (Part p : slots.values()) {
            if (p.replay() != null && (at == null || p.replay().at() > at)) {
                at = p.replay().at();
            }
        }
        return at;
    }

    public long lastTimestamp() {
        long last = Long.MIN_VALUE;
        for (Part p : slots.values()) {
            last = Math.max(last, p.timestamp());
        }
        return last;
    }

    /** Data time between the earliest and the latest part. */
    public long span() {
        return lastTimestamp() - firstTimestamp();
    }

    public String key() {
        return slots.values().iterator().next().key();
    }

    /** Where each part was read, in input order: {@code topic_5[0]@12,topic_6[1]@40}. */
    public String positions(List<String> inputs) {
        return String.join(",", inputs.stream().filter(slots::containsKey).map(t -> slots.get(t).position()).toList());
    }

    /**
     * The joined message: {@code {"id", "content", "topics"}}. Contents are merged in the order of {@code inputs}, a
     * later topic winning a key clash; the id is the first contributing topic's spelling of it.
     */
    public Map<String, Object> joined(List<String> inputs) {
        Map<String, Object> content = new LinkedHashMap<>();
        List<String> topics = new ArrayList<>();
        Object id = null;
        for (String topic : inputs) {
            Part p = slots.get(topic);
            if (p != null) {
                if (id == null) {
                    id = p.id();
                }
                content.putAll(p.content());
                topics.add(topic);
            }
        }
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("id", id);
        message.put("content", content);
        message.put("topics", topics);
        return message;
    }
}
