package skeleton.join;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

class JoinGroupTest {

    private static final List<String> INPUTS = List.of("a", "b", "c");

    private static Part part(String topic, long ts, Object... keysAndValues) {
        Map<String, Object> content = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            content.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return new Part("id-1", "id-1", topic, 0, ts, ts, content);
    }

    @Test
    void a_group_stored_as_json_keeps_each_parts_trace_and_writes_none_with_tracing_off() throws Exception {
        JoinGroup g = JoinGroup.of(part("a", 1, "k", "v")).with(part("b", 2).traced("00-0fe618c0ada1b23f33c54e9a82313418-6f315a92ba3ff96f-01"));
        String json = Json.MAPPER.writeValueAsString(g);
        assertThat(json).contains("\"trace\":\"00-0fe618c0ada1b23f33c54e9a82313418-6f315a92ba3ff96f-01\"");
        assertThat(json.split("\"trace\"", -1)).as("only the traced part has the field").hasSize(2);
        JoinGroup read = Json.MAPPER.readValue(json, JoinGroup.class);
        assertThat(read).isEqualTo(g);
        assertThat(JoinTraces.spanContext(read.slots().get("b").trace()).getSpanId()).isEqualTo("6f315a92ba3ff96f");
    }

    @Test
    void merges_in_input_order_whatever_the_arrival_order() {
        List<Part> parts = List.of(part("a", 1, "k", "a", "x", 1), part("b", 2, "k", "b", "y", 2),
                part("c", 3, "k", "c", "z", 3));
        Map<String, Object> expected = null;
        Random random = new Random(7);
        for (int i = 0; i < 20; i++) {
            List<Part> shuffled = new ArrayList<>(parts);
            Collections.shuffle(shuffled, random);
            JoinGroup g = JoinGroup.of(shuffled.get(0));
            for (Part p : shuffled.subList(1, 3)) {
                g = g.with(p);
            }
            Map<String, Object> joined = g.joined(INPUTS);
            if (expected == null) {
                expected = joined;
            }
            assertThat(joined).isEqualTo(expected);
            assertThat(((Map<?, ?>) joined.get("content")).keySet().toString()).isEqualTo("[k, x, y, z]");
        }
        assertThat(((Map<?, ?>) expected.get("content")).get("k")).as("the last input topic wins a clash").isEqualTo("c");
        assertThat(expected.get("topics")).isEqualTo(INPUTS);
    }

    @Test
    void a_repeat_from_the_same_topic_replaces_its_slot_and_does_not_complete_the_group() {
        JoinGroup g = JoinGroup.of(part("a", 1, "v", "first")).with(part("a", 2, "v", "second"))
                .with(part("b", 3));

        assertThat(g.slots()).hasSize(2);
        assertThat(g.isComplete(INPUTS)).isFalse();
        assertThat(g.missing(INPUTS)).containsExactly("c");
        assertThat(((Map<?, ?>) g.joined(INPUTS).get("content")).get("v")).isEqualTo("second");
    }

    @Test
    void window_is_from_the_earliest_to_the_latest_record_timestamp() {
        JoinGroup g = JoinGroup.of(part("b", 5_000)).with(part("a", 2_000));

        assertThat(g.firstTimestamp()).isEqualTo(2_000);
        assertThat(g.lastTimestamp()).isEqualTo(5_000);
        assertThat(g.span()).isEqualTo(3_000);
        assertThat(g.positions(INPUTS)).isEqualTo("a[0]@2000,b[0]@5000");
    }
}
