package skeleton.join;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import skeleton.join.UpstreamWatermarks.Bound;
import skeleton.join.UpstreamWatermarks.Graph;

class UpstreamWatermarksTest {

    private static final long GRACE = 5_000;
    private static final long WAIT = 60_000;
    private static final long NOW = 1_000_000_000L;

    /** The demo: c1: t1 → t2; c2: t2 → t3, t4; c3: t3 → t5; c4: t4 → t6; c5: t5, t6 → t7. */
    private static final Graph DEMO = graph(Map.of(
            "c1", List.of(List.of("t1"), List.of("t2")),
            "c2", List.of(List.of("t2"), List.of("t3", "t4")),
            "c3", List.of(List.of("t3"), List.of("t5")),
            "c4", List.of(List.of("t4"), List.of("t6")),
            "c5", List.of(List.of("t5", "t6"), List.of("t7"))));

    private final Map<String, Map<TopicPartition, Watermarks.BrokerPosition>> positions = new HashMap<>();

    @Test
    void an_input_no_worker_writes_has_no_bound() {
        UpstreamWatermarks c1 = new UpstreamWatermarks("c1", List.of("t1"), DEMO, GRACE, WAIT);
        assertThat(c1.writers()).isEmpty();
        assertThat(c1.bounds(positions, NOW)).containsEntry("t1", Bound.NONE);
    }

    @Test
    void writers_that_read_everything_bound_at_the_clock() {
        UpstreamWatermarks c5 = new UpstreamWatermarks("c5", List.of("t5", "t6"), DEMO, GRACE, WAIT);
        assertThat(c5.writers()).containsOnlyKeys("c1", "c2", "c3", "c4");
        caughtUp("c1", "t1");
        caughtUp("c2", "t2");
        caughtUp("c3", "t3");
        caughtUp("c4", "t4");
        assertThat(c5.bounds(positions, NOW)).containsEntry("t5", new Bound(NOW, null, null)).containsEntry("t6", new Bound(NOW, null, null));
    }

    @Test
    void a_writer_with_work_left_holds_its_outputs_back_at_its_committed_data_time_less_the_grace() {
        UpstreamWatermarks c5 = new UpstreamWatermarks("c5", List.of("t5", "t6"), DEMO, GRACE, WAIT);
        caughtUp("c1", "t1");
        caughtUp("c2", "t2");
        behind("c3", "t3", NOW - 60_000);
        caughtUp("c4", "t4");
        Map<String, Bound> bounds = c5.bounds(positions, NOW);
        assertThat(bounds.get("t5")).isEqualTo(new Bound(NOW - 60_000 - GRACE, "c3", "t3"));
        assertThat(bounds.get("t6").dataTime()).isEqualTo(NOW);
    }

    @Test
    void a_writer_held_back_by_its_own_writer_holds_its_outputs_back_as_far() {
        UpstreamWatermarks c5 = new UpstreamWatermarks("c5", List.of("t5", "t6"), DEMO, GRACE, WAIT);
        caughtUp("c1", "t1");
        behind("c2", "t2", NOW - 30_000);
        caughtUp("c3", "t3");
        caughtUp("c4", "t4");
        Map<String, Bound> bounds = c5.bounds(positions, NOW);
        assertThat(bounds.get("t5")).isEqualTo(new Bound(NOW - 30_000 - GRACE, "c2", "t2"));
        assertThat(bounds.get("t6")).isEqualTo(new Bound(NOW - 30_000 - GRACE, "c2", "t2"));
    }

    @Test
    void a_writer_that_never_committed_while_its_input_holds_records_holds_everything_back() {
        UpstreamWatermarks c5 = new UpstreamWatermarks("c5", List.of("t5", "t6"), DEMO, GRACE, WAIT);
        caughtUp("c1", "t1");
        caughtUp("c2", "t2");
        positions.put("c3", Map.of(new TopicPartition("t3", 0), new Watermarks.BrokerPosition(10, 0, -1)));
        caughtUp("c4", "t4");
        assertThat(c5.bounds(positions, NOW).get("t5")).isEqualTo(new Bound(Long.MIN_VALUE, "c3", "t3"));
    }

    @Test
    void a_writer_whose_commits_stand_still_past_the_wait_stops_holding_back_until_it_commits_again() {
        UpstreamWatermarks c5 = new UpstreamWatermarks("c5", List.of("t5", "t6"), DEMO, GRACE, WAIT);
        caughtUp("c1", "t1");
        caughtUp("c2", "t2");
        caughtUp("c4", "t4");
        behind("c3", "t3", NOW - 60_000);
        assertThat(c5.bounds(positions, NOW).get("t5").heldBy()).isEqualTo("c3");
        assertThat(c5.bounds(positions, NOW + WAIT).get("t5").heldBy()).as("at the wait, not past it").isEqualTo("c3");
        assertThat(c5.describe(NOW + WAIT)).containsKey("c3");
        Bound released = c5.bounds(positions, NOW + WAIT + 1).get("t5");
        assertThat(released).isEqualTo(new Bound(NOW + WAIT + 1, null, null));
        assertThat(c5.describe(NOW + WAIT + 1).get("c3").toString()).contains("released");

        positions.put("c3", Map.of(new TopicPartition("t3", 0), new Watermarks.BrokerPosition(10, 0, 6, NOW - 50_000, false)));
        assertThat(c5.bounds(positions, NOW + WAIT + 2).get("t5")).as("it commits again")
                .isEqualTo(new Bound(NOW - 50_000 - GRACE, "c3", "t3"));
    }

    @Test
    void a_writer_that_catches_up_starts_its_wait_afresh_the_next_time_it_falls_behind() {
        UpstreamWatermarks c5 = new UpstreamWatermarks("c5", List.of("t5", "t6"), DEMO, GRACE, WAIT);
        caughtUp("c1", "t1");
        caughtUp("c2", "t2");
        caughtUp("c4", "t4");
        caughtUp("c3", "t3");
        c5.bounds(positions, NOW);
        behind("c3", "t3", NOW);
        assertThat(c5.bounds(positions, NOW + WAIT + 10).get("t5").heldBy()).isEqualTo("c3");
    }

    @Test
    void a_writer_whose_commits_the_broker_will_not_show_holds_nothing_back_but_its_own_writers_still_do() {
        UpstreamWatermarks c5 = new UpstreamWatermarks("c5", List.of("t5", "t6"), DEMO, GRACE, WAIT);
        caughtUp("c1", "t1");
        behind("c2", "t2", NOW - 30_000);
        caughtUp("c4", "t4");
        // no entry for c3: its group could not be described
        assertThat(c5.bounds(positions, NOW).get("t5")).isEqualTo(new Bound(NOW - 30_000 - GRACE, "c2", "t2"));
        assertThat(c5.describe(NOW)).doesNotContainKey("c3");
        caughtUp("c2", "t2");
        assertThat(c5.bounds(positions, NOW).get("t5")).isEqualTo(new Bound(NOW, null, null));
    }

    @Test
    void in_a_cycle_a_workers_own_outputs_never_hold_back_its_inputs() {
        // a joins ext and back into fwd; b: fwd -> back
        Graph cycle = graph(Map.of(
                "a", List.of(List.of("ext", "back"), List.of("fwd")),
                "b", List.of(List.of("fwd"), List.of("back"))));
        UpstreamWatermarks a = new UpstreamWatermarks("a", List.of("ext", "back"), cycle, GRACE, WAIT);
        assertThat(a.writers()).containsOnlyKeys("b");
        caughtUp("b", "fwd");
        Map<String, Bound> bounds = a.bounds(positions, NOW);
        assertThat(bounds.get("ext")).isEqualTo(Bound.NONE);
        assertThat(bounds.get("back")).isEqualTo(new Bound(NOW, null, null));

        behind("b", "fwd", NOW - 20_000);
        assertThat(a.bounds(positions, NOW).get("back")).isEqualTo(new Bound(NOW - 20_000 - GRACE, "b", "fwd"));
    }

    @Test
    void a_cycle_upstream_of_the_worker_ends() {
        // x: in, yout -> xout; y: xout -> yout; z reads xout
        Graph cycle = graph(Map.of(
                "x", List.of(List.of("in", "yout"), List.of("xout")),
                "y", List.of(List.of("xout"), List.of("yout")),
                "z", List.of(List.of("xout"), List.of("zout"))));
        UpstreamWatermarks z = new UpstreamWatermarks("z", List.of("xout"), cycle, GRACE, WAIT);
        assertThat(z.writers()).containsOnlyKeys("x", "y");
        caughtUp("x", "in");
        caughtUp("x", "yout");
        behind("y", "xout", NOW - 10_000);
        assertThat(z.bounds(positions, NOW).get("xout")).isEqualTo(new Bound(NOW - 10_000 - GRACE, "y", "xout"));
    }

    private void caughtUp(String worker, String topic) {
        positions.computeIfAbsent(worker, k -> new HashMap<>())
                .put(new TopicPartition(topic, 0), new Watermarks.BrokerPosition(10, 0, 10, NOW - 1_000, false));
    }

    private void behind(String worker, String topic, long noted) {
        positions.computeIfAbsent(worker, k -> new HashMap<>())
                .put(new TopicPartition(topic, 0), new Watermarks.BrokerPosition(10, 0, 5, noted, false));
    }

    /** worker -> [inputs, outputs] */
    private static Graph graph(Map<String, List<List<String>>> workers) {
        Map<String, List<String>> writers = new HashMap<>();
        Map<String, List<String>> inputs = new HashMap<>();
        workers.forEach((w, io) -> {
            inputs.put(w, io.get(0));
            io.get(1).forEach(t -> writers.computeIfAbsent(t, k -> new java.util.ArrayList<>()).add(w));
        });
        return new Graph(writers, inputs);
    }
}
