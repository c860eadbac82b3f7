package skeleton.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class PipelineTest {

    private final List<ConsumerConfigs.StoredRow> rows = new ArrayList<>();

    private void row(String name, String inputs, String outputs, String timeout) {
        row(name, inputs, outputs, timeout, "kafka:9092");
    }

    private void row(String name, String inputs, String outputs, String timeout, String brokers) {
        rows.add(new ConsumerConfigs.StoredRow(rows.size() + 1, new ConsumerConfigs.RawRow(name, inputs, outputs, null, brokers, timeout)));
    }

    private Pipeline pipeline() {
        return Pipeline.of(rows, "consumer_configs");
    }

    private void demo() {
        row("consumer1", "topic_1", "topic_2", "30");
        row("consumer2", "topic_2", "topic_3,topic_4", "60");
        row("consumer3", "topic_3", "topic_5", "45");
        row("consumer4", "topic_4", "topic_6", "30");
        row("consumer5", "topic_5,topic_6", "topic_7", "30");
    }

    @Test
    void the_demo_is_a_clean_graph_from_topic_1_to_topic_7() {
        demo();
        Pipeline p = pipeline();
        assertThat(p.problems()).isEmpty();
        assertThat(p.externalInputs()).containsExactly("topic_1");
        assertThat(p.exits()).containsExactly("topic_7");
        assertThat(p.ordered()).extracting(WorkerConfig::name).containsExactly("consumer1", "consumer2", "consumer3", "consumer4", "consumer5");
        assertThat(p.describe("h2")).contains("  topic_5, topic_6 → consumer5 [30 s] → topic_7 (out)\n")
                .contains("  topic_1 (in) → consumer1 [30 s] → topic_2\n").contains("0 errors, 0 warnings");
    }

    @Test
    void a_cycle_is_a_warning_that_names_the_path_round_it_once() {
        row("a", "t1,t3", "t2", "30");
        row("b", "t2", "t3", "30");
        assertThat(pipeline().problems()).extracting(Object::toString)
                .containsExactly("warning: cycle a → t2 → b → t3 → a (ids 1, 2): each result goes round again, unless a"
                        + " processor on the way returns null for it");
        assertThat(pipeline().externalInputs()).containsExactly("t1");
        assertThat(pipeline().exits()).isEmpty();
        assertThat(pipeline().hasErrors()).isFalse();
    }

    @Test
    void a_join_fed_by_one_upstream_worker_by_paths_of_different_lengths_is_a_diamond() {
        row("split", "in", "left,right", "30");
        row("slow", "left", "left2", "30");
        row("join", "left2,right", "out", "20");
        assertThat(pipeline().problems()).extracting(Object::toString).containsExactly("warning: join (id 3) joins parts that"
                + " come from split by paths of different lengths (left2 2 steps from split, right 1 step from split): they"
                + " arrive at different times, and its timeout (20 s) must cover the difference");
    }

    @Test
    void two_rows_of_one_name_are_an_error_naming_both_ids_and_the_topics_they_would_split() {
        row("c1", "t1", "t2", "30");
        row("c1", "t1", "t3", "30");
        Pipeline p = pipeline();
        assertThat(p.hasErrors()).isTrue();
        assertThat(p.problems()).extracting(Object::toString).containsExactly("error: consumer_name \"c1\" is on 2 rows of"
                + " consumer_configs (ids 1, 2): one consumer group, so they would split t1 between them, each joining only"
                + " its share of the parts; a worker runs only the first. Give each row its own consumer_name");
    }

    @Test
    void a_topic_written_on_one_cluster_and_read_on_another_is_an_error() {
        row("w", "t1", "t2", "30", "a:9092");
        row("r", "t2", "t3", "30", "b:9092,c:9092");
        assertThat(pipeline().problems()).extracting(Object::toString).containsExactly("error: topic t2: w (id 1) writes it"
                + " to a:9092, r (id 2) reads it from b:9092,c:9092: the reader never sees the writer's results"
                + " (kafka_bootstrap_server differs along the edge)");
        rows.clear();
        row("w", "t1", "t2", "30", "a:9092, b:9092");
        row("r", "t2", "t3", "30", "b:9092,a:9092");
        assertThat(pipeline().problems()).as("the same brokers in another order").isEmpty();
    }

    @Test
    void a_timeout_of_0_is_an_error_of_its_row() {
        row("c1", "t1", "t2", "0");
        assertThat(pipeline().problems()).extracting(Object::toString).containsExactly(
                "error: worker timeout 0 in consumer_configs row c1 must be a positive number of seconds (id 1)");
        assertThat(pipeline().workers()).isEmpty();
    }
}
