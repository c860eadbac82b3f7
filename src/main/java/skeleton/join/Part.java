package skeleton.join;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One input record that carried a usable id: its share of a joined message.
 *
 * @param id        the id as it was in the JSON (a string or a number)
 * @param key       the id as the correlation key and output record key (a number in its JSON spelling)
 * @param topic     the input topic it came from
 * @param timestamp the record's timestamp (epoch millis): the data time of the deadline rule
 * @param content   its {@code content} object, or every field but the id
 * @param trace     with tracing on, its record span as a W3C {@code traceparent}: the group's span continues or links
 *                  it, whichever process completes the group; else null
 * @param replay    a dead letter put back by the {@code replay} command (read from the worker's replay topic): the
 *                  input topic whose slot it fills, and when it was replayed; else null
 */
public record Part(Object id, String key, String topic, int partition, long offset, long timestamp,
                   Map<String, Object> content, @JsonInclude(JsonInclude.Include.NON_NULL) String trace,
                   @JsonInclude(JsonInclude.Include.NON_NULL) Replay replay) {

    /** Where a replayed part belongs: {@code topic} is the input topic it was first read from. */
    public record Replay(String topic, long at) {
    }

    public Part(Object id, String key, String topic, int partition, long offset, long timestamp, Map<String, Object> content) {
        this(id, key, topic, partition, offset, timestamp, content, null, null);
    }

    /** The input topic whose slot it fills: the topic it was read from, or for a replayed part the one it came from first. */
    public String slot() {
        return replay == null ? topic : replay.topic();
    }

    /** Where the record was read, as logs and dead-letter headers spell it: {@code topic_5[2]@1045}. */
    public String position() {
        return topic + "[" + partition + "]@" + offset;
    }

    Part traced(String traceparent) {
        return new Part(id, key, topic, partition, offset, timestamp, content, traceparent, replay);
    }

    Part replayed(Replay from) {
        return new Part(id, key, topic, partition, offset, timestamp, content, trace, from);
    }
}
