package skeleton.join;

import java.util.Map;

/**
 * One input record that carried a usable id: its share of a joined message.
 *
 * @param id        the id as it was in the JSON (a string or a number)
 * @param key       the id as the correlation key and output record key (a number in its JSON spelling)
 * @param topic     the input topic it came from
 * @param timestamp the record's timestamp (epoch millis): the data time of the deadline rule
 * @param content   its {@code content} object, or every field but the id
 */
public record Part(Object id, String key, String topic, int partition, long offset, long timestamp,
                   Map<String, Object> content) {

    /** Where the record was read, as logs and dead-letter headers spell it: {@code topic_5[2]@1045}. */
    public String position() {
        return topic + "[" + partition + "]@" + offset;
    }
}
