package skeleton.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ConsumerConfigsTest {

    private static List<String> problems(ConsumerConfigs.RawRow row) {
        List<String> problems = new ArrayList<>();
        ConsumerConfigs.check(row, "consumer_configs", problems);
        return problems;
    }

    @Test
    void a_good_row_becomes_a_worker_config() {
        List<String> problems = new ArrayList<>();
        WorkerConfig c = ConsumerConfigs.check(new ConsumerConfigs.RawRow("consumer5", " topic_5, topic_6 ", "topic_7", "",
                "localhost:9092", "30"), "consumer_configs", problems);

        assertThat(problems).isEmpty();
        assertThat(c).isEqualTo(new WorkerConfig("consumer5", List.of("topic_5", "topic_6"), List.of("topic_7"), null,
                "localhost:9092", 30));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "topic_1|topic_2|abc|worker timeout \"abc\" in consumer_configs row c1 is not a number of seconds",
        "topic_1|topic_2|0|worker timeout 0 in consumer_configs row c1 must be a positive number of seconds",
        "' , '|topic_2|30|topics_input is empty in consumer_configs row c1: list one or more topics, separated by commas",
        "topic_1|''|30|topics_output is empty in consumer_configs row c1: list one or more topics, separated by commas",
        "topic 1|topic_2|30|topics_input topic \"topic 1\" in consumer_configs row c1 is not a Kafka topic name (letters, digits, . _ -)",
        "a,a|b|30|topics_input lists topic \"a\" twice in consumer_configs row c1",
        "a,b|b|30|topic \"b\" is both an input and an output in consumer_configs row c1: the worker would read its own results",
    })
    void says_what_is_wrong_with_a_row_and_where(String inputs, String outputs, String timeout, String expected) {
        assertThat(problems(new ConsumerConfigs.RawRow("c1", inputs, outputs, null, "host:9092", timeout))).containsExactly(expected);
    }

    @Test
    void lists_every_problem_of_a_row_at_once() {
        assertThat(problems(new ConsumerConfigs.RawRow("c1", "", "", null, " ", "x"))).containsExactly(
                "topics_input is empty in consumer_configs row c1: list one or more topics, separated by commas",
                "topics_output is empty in consumer_configs row c1: list one or more topics, separated by commas",
                "kafka_bootstrap_server is empty in consumer_configs row c1: give host:port of the Kafka brokers",
                "worker timeout \"x\" in consumer_configs row c1 is not a number of seconds");
    }
}
