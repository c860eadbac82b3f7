package skeleton.join;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

class TopicSlotStrategyTest {

    private final CamelContext context = new DefaultCamelContext();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final List<String> inputs = List.of("a", "b");
    private final TopicSlotStrategy strategy = new TopicSlotStrategy(inputs, 5_000,
            new IncompleteGroups("w", inputs, new WorkerMetrics(meters, "w")));

    private Exchange part(String topic, long ts) {
        Exchange e = new DefaultExchange(context);
        e.getMessage().setBody(new Part("x", "x", topic, 0, ts, ts, Map.of("from", topic)));
        return e;
    }

    private double discarded() {
        return meters.counter(WorkerMetrics.DISCARDED, "worker", "w").count();
    }

    @Test
    void completes_when_every_topic_contributed_within_the_timeout() {
        Exchange group = strategy.aggregate(null, part("a", 10_000));
        assertThat(group.getMessage().getHeader(JoinHeaders.COMPLETE)).isEqualTo(false);
        assertThat(group.getMessage().getHeader(JoinHeaders.MISSING)).isEqualTo("b");
        assertThat(group.getMessage().getHeader(JoinHeaders.DEADLINE)).isEqualTo("0000000000000015000");

        Exchange done = strategy.aggregate(group, part("b", 15_000));

        assertThat(done.getMessage().getHeader(JoinHeaders.COMPLETE)).isEqualTo(true);
        assertThat(done.getMessage().getHeader(JoinHeaders.MISSING)).isEqualTo("");
        assertThat(discarded()).isZero();
    }

    @Test
    void a_part_later_than_the_window_discards_the_group_and_starts_a_new_one() {
        Exchange group = strategy.aggregate(null, part("a", 10_000));

        Exchange next = strategy.aggregate(group, part("b", 15_001));

        assertThat(next.getMessage().getHeader(JoinHeaders.COMPLETE)).isEqualTo(false);
        assertThat(next.getMessage().getBody(JoinGroup.class).slots()).containsOnlyKeys("b");
        assertThat(next.getMessage().getHeader(JoinHeaders.DEADLINE)).isEqualTo("0000000000000020001");
        assertThat(discarded()).isEqualTo(1);
    }

    @Test
    void a_part_earlier_than_the_window_is_discarded_alone() {
        Exchange group = strategy.aggregate(null, part("a", 20_000));

        Exchange same = strategy.aggregate(group, part("b", 14_000));

        assertThat(same.getMessage().getBody(JoinGroup.class).slots()).containsOnlyKeys("a");
        assertThat(discarded()).isEqualTo(1);
    }

    private Exchange replayed(String slot, long ts, long replayedAt) {
        Exchange e = new DefaultExchange(context);
        e.getMessage().setBody(new Part("x", "x", "w.replay", 0, ts, ts, Map.of("from", slot)).replayed(new Part.Replay(slot, replayedAt)));
        return e;
    }

    private Exchange completedUntil(long until) {
        Exchange note = new DefaultExchange(context);
        note.getMessage().setHeader(JoinRepository.COMPLETED_UNTIL, until);
        return note;
    }

    private double repeated() {
        return meters.counter(WorkerMetrics.REPEATED, "worker", "w").count();
    }

    @Test
    void a_replayed_part_fills_the_slot_it_names_and_has_the_timeout_after_its_replay() {
        Exchange group = strategy.aggregate(null, replayed("b", 10_000, 900_000));

        assertThat(group.getMessage().getBody(JoinGroup.class).slots()).containsOnlyKeys("b");
        assertThat(group.getMessage().getHeader(JoinHeaders.MISSING)).isEqualTo("a");
        assertThat(group.getMessage().getHeader(JoinHeaders.DEADLINE)).isEqualTo("0000000000000905000");
        Exchange done = strategy.aggregate(group, replayed("a", 12_000, 900_000));
        assertThat(done.getMessage().getHeader(JoinHeaders.COMPLETE)).isEqualTo(true);
    }

    @Test
    void a_replayed_part_of_a_group_completed_before_its_replay_starts_the_group_again() {
        Exchange note = completedUntil(15_000);

        Exchange group = strategy.aggregate(note, replayed("a", 10_000, 900_000));

        assertThat(group).isNotSameAs(note);
        assertThat(group.getMessage().getBody(JoinGroup.class).slots()).containsOnlyKeys("a");
        assertThat(repeated()).isZero();
    }

    @Test
    void a_replayed_part_read_again_after_its_group_completed_from_that_replay_is_a_repeat() {
        Exchange note = completedUntil(905_000);

        assertThat(strategy.aggregate(note, replayed("a", 10_000, 900_000))).isSameAs(note);
        assertThat(repeated()).isEqualTo(1);
        assertThat(strategy.aggregate(note, part("a", 10_000))).as("and the original part too").isSameAs(note);
    }
}
