package skeleton.join;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class WatermarksTest {

    private static final long NOW = 1_000_000;
    private final Watermarks watermarks = new Watermarks(0);

    @Test
    void a_partition_behind_its_end_is_at_the_largest_timestamp_read() {
        watermarks.advance("b", 0, 10, 500_000);
        watermarks.advance("b", 0, 11, 400_000);

        Map<String, Long> wm = watermarks.byTopic(List.of("b"), Map.of(new TopicPartition("b", 0),
                new Watermarks.BrokerPosition(100, 0, -1)), NOW);

        assertThat(wm).containsEntry("b", 500_000L);
    }

    @Test
    void a_partition_is_its_grace_behind_the_latest_timestamp_read_even_when_caught_up() {
        Watermarks graceful = new Watermarks(5_000);
        graceful.advance("b", 0, 10, NOW + 31_000);

        Map<String, Long> behind = graceful.byTopic(List.of("b"), Map.of(new TopicPartition("b", 0),
                new Watermarks.BrokerPosition(100, 0, -1)), NOW);
        Map<String, Long> caughtUp = graceful.byTopic(List.of("b"), Map.of(new TopicPartition("b", 0),
                new Watermarks.BrokerPosition(11, 0, -1)), NOW);

        assertThat(behind).containsEntry("b", NOW + 26_000);
        assertThat(caughtUp).as("a record from the future: still its grace behind it").containsEntry("b", NOW + 26_000);
    }

    @Test
    void a_caught_up_partition_is_at_the_wall_clock() {
        watermarks.advance("b", 0, 99, 500_000);

        Map<String, Long> wm = watermarks.byTopic(List.of("b"), Map.of(new TopicPartition("b", 0),
                new Watermarks.BrokerPosition(100, 0, -1)), NOW);

        assertThat(wm).containsEntry("b", NOW);
    }

    @Test
    void a_partition_never_read_counts_as_caught_up_only_when_its_committed_offset_is_at_the_end() {
        Map<String, Long> empty = watermarks.byTopic(List.of("b"), Map.of(new TopicPartition("b", 0),
                new Watermarks.BrokerPosition(0, 0, -1)), NOW);
        Map<String, Long> committed = watermarks.byTopic(List.of("b"), Map.of(new TopicPartition("b", 0),
                new Watermarks.BrokerPosition(50, 0, 50)), NOW);
        Map<String, Long> unread = watermarks.byTopic(List.of("b"), Map.of(new TopicPartition("b", 0),
                new Watermarks.BrokerPosition(50, 0, 20)), NOW);

        assertThat(empty).containsEntry("b", NOW);
        assertThat(committed).containsEntry("b", NOW);
        assertThat(unread).containsEntry("b", Long.MIN_VALUE);
    }

    @Test
    void a_topic_is_as_far_as_its_slowest_partition() {
        watermarks.advance("b", 0, 9, 900_000);
        watermarks.advance("b", 1, 3, 300_000);

        Map<String, Long> wm = watermarks.byTopic(List.of("b"), Map.of(
                new TopicPartition("b", 0), new Watermarks.BrokerPosition(10, 0, -1),
                new TopicPartition("b", 1), new Watermarks.BrokerPosition(50, 0, -1)), NOW);

        assertThat(wm).containsEntry("b", 300_000L);
    }

    @Test
    void a_group_expires_only_when_every_missing_topic_passed_its_deadline() {
        Map<String, Long> wm = Map.of("b", 2_000L, "c", 1_500L);

        assertThat(Watermarks.expired(1_000, List.of("b", "c"), wm)).isTrue();
        assertThat(Watermarks.expired(1_500, List.of("b", "c"), wm)).as("c is exactly at the deadline").isFalse();
        assertThat(Watermarks.expired(1_500, List.of("b"), wm)).isTrue();
        assertThat(Watermarks.expired(1_000, List.of("d"), wm)).as("unknown topic").isFalse();
        assertThat(Watermarks.expired(1_000, List.of(), wm)).as("nothing missing").isFalse();
    }
}
