package bench;

import java.nio.charset.StandardCharsets;

/**
 * The benchmark's data, the same for every case: part {@code t} of id {@code i} is a ~250-byte JSON object
 * {@code {"id": "id-<i>", "content": {"t<t>": <i>, "text": "...", "source": "..."}}}, keyed by its id.
 */
final class Parts {

    private static final String TEXT = "the quick brown fox jumps over the lazy dog while the join waits for its other parts";

    private Parts() {
    }

    static String id(int i) {
        return "id-" + i;
    }

    static byte[] key(int i) {
        return id(i).getBytes(StandardCharsets.UTF_8);
    }

    static byte[] value(int i, int topicIndex) {
        String json = "{\"id\":\"" + id(i) + "\",\"content\":{\"t" + topicIndex + "\":" + i + ",\"text\":\"" + TEXT
                + "\",\"source\":\"bench-generator-topic-" + topicIndex + "\",\"seq\":" + (i * 7919L % 1_000_003)
                + ",\"pad\":\"" + "x".repeat(60) + "\"}}";
        return json.getBytes(StandardCharsets.UTF_8);
    }
}
