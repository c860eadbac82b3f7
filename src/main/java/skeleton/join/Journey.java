package skeleton.join;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.camel.CamelContext;

/**
 * One worker's view of an id, for {@code /observe/ids/{id}}: the parts its store holds and the topics still missing,
 * the group's deadline against each missing topic's watermark (the group expires once every one of them is past
 * it) with the upstream worker holding that watermark back, and its recent outcomes. A new group waits in the consumer's memory for up to JOIN_HOLD_MS before it is
 * stored: until then it shows as not held.
 */
public final class Journey {

    private final String worker;
    private final List<String> inputs;
    private final long timeoutMillis;
    private final JoinRepository repository;
    private final DeadlineCheck deadlines;
    private final RecentOutcomes recent;
    private final CamelContext context;

    Journey(String worker, List<String> inputs, long timeoutMillis, JoinRepository repository, DeadlineCheck deadlines,
            RecentOutcomes recent, CamelContext context) {
        this.worker = worker;
        this.inputs = List.copyOf(inputs);
        this.timeoutMillis = timeoutMillis;
        this.repository = repository;
        this.deadlines = deadlines;
        this.recent = recent;
        this.context = context;
    }

    public Map<String, Object> of(String id) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("worker", worker);
        out.put("inputs", inputs);
        GroupStore.Found found = repository.stored(context, id);
        JoinGroup group = found == null || found.group() == null ? null : found.group().getMessage().getBody(JoinGroup.class);
        if (group == null) {
            out.put("held", false);
            if (found != null && found.completedUntil() != null) {
                out.put("completedUntil", Instant.ofEpochMilli(found.completedUntil()).toString());
            }
        } else {
            out.put("held", true);
            Map<String, Object> parts = new LinkedHashMap<>();
            for (String topic : inputs) {
                Part p = group.slots().get(topic);
                if (p != null) {
                    parts.put(topic, Map.of("read", p.position(), "dataTime", Instant.ofEpochMilli(p.timestamp()).toString()));
                }
            }
            out.put("parts", parts);
            List<String> missing = group.missing(inputs);
            out.put("missing", missing);
            long deadline = group.deadline(timeoutMillis);
            out.put("deadline", Instant.ofEpochMilli(deadline).toString());
            Map<String, Object> watermarks = new LinkedHashMap<>();
            Map<String, Long> last = deadlines.watermarks();
            for (String topic : missing) {
                Map<String, Object> w = watermark(topic);
                Long wm = last.get(topic);
                if (wm != null) {
                    w.put("pastDeadline", wm > deadline);
                }
                watermarks.put(topic, w);
            }
            out.put("watermarks", watermarks);
        }
        out.put("recent", recent.of(id));
        return out;
    }

    String worker() {
        return worker;
    }

    /**
     * An input's watermark at the last deadline check of this process (not known where another process of the worker
     * judges), and the upstream writer holding it back, if one does.
     */
    Map<String, Object> watermark(String topic) {
        Map<String, Object> out = new LinkedHashMap<>();
        Long wm = deadlines.watermarks().get(topic);
        out.put("watermark", wm == null ? "not known yet"
                : wm == Long.MIN_VALUE ? "none: an upstream writer has records to read and has committed nothing"
                : Instant.ofEpochMilli(wm).toString());
        UpstreamWatermarks.Bound bound = deadlines.bounds().get(topic);
        if (wm != null && bound != null && bound.heldBy() != null && bound.dataTime() <= wm) {
            out.put("heldBy", bound.heldBy());
            out.put("heldByBehindOn", bound.on());
        }
        return out;
    }
}
