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
 */
public record Part(Object id, String key, String topic, int partition, long offset, long timestamp,
                   Map<String, Object> content, @JsonInclude(JsonInclude.Include.NON_NULL) String trace) {

    public Part(Object id, String key, String topic, int partition, long offset, long timestamp, Map<String, Object> content) {
        this(id, key, topic, partition, offset, timestamp, content, null);
    }

    /** Where the record was read, as logs and dead-letter headers spell it: {@code topic_5[2]@1045}. */
    public String position() {
        return topic + "[" + partition + "]@" + offset;
    }

    Part traced(String traceparent) {
        return new Part(id, key, topic, partition, offset, timestamp, content, traceparent);
    }
}
