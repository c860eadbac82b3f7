package skeleton.join;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.camel.CamelContext;

/**
 * One worker's view of an id, for {@code /observe/ids/{id}}: the parts its store holds and the topics still missing,
 * the group's deadline against each missing topic's watermark (the group expires once every one of them is past
 * it), and its recent outcomes. A new group waits in the consumer's memory for up to JOIN_HOLD_MS before it is
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
                Long wm = last.get(topic);
                watermarks.put(topic, wm == null ? Map.of("watermark", "not known yet")
                        : Map.of("watermark", Instant.ofEpochMilli(wm).toString(), "pastDeadline", wm > deadline));
            }
            out.put("watermarks", watermarks);
        }
        out.put("recent", recent.of(id));
        return out;
    }
}
