package skeleton.dev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import skeleton.testing.TestBroker;
import skeleton.testing.TestDatabase;
import skeleton.testing.Topics;
import skeleton.testing.WorkerFixture;

/** The original's five-worker pipeline, run as one process with CONSUMER_NAME=*: topic_1 in, topic_7 out. */
class DemoPipelineIT {

    static List<TestDatabase> databases() {
        return TestDatabase.selected();
    }

    @ParameterizedTest
    @MethodSource("databases")
    void a_message_into_topic_1_reaches_topic_7_through_all_five_workers(TestDatabase db) throws Exception {
        String run = Topics.unique("demo");
        try (Topics topics = new Topics(TestBroker.bootstrapServers()); WorkerFixture f = new WorkerFixture(db)) {
            for (DemoPipeline.Row r : DemoPipeline.ROWS) {
                f.addRow(run + "_" + r.name(), suffixed(r.inputs(), run), suffixed(r.outputs(), run), null, String.valueOf(r.timeout()));
            }
            for (int i = 1; i <= 7; i++) {
                topics.create(1, run + "_topic_" + i);
            }
            f.start("*");

            topics.send(run + "_topic_1", "42", "{\"id\": \"42\", \"text\": \"hello pipeline world\"}");

            String last = run + "_topic_7";
            await().atMost(Duration.ofSeconds(90)).until(() -> topics.count(last) >= 1);
            JsonNode m = new ObjectMapper().readTree(topics.values(last).get(0));
            assertThat(m.get("id").asText()).isEqualTo("42");
            assertThat(m.at("/content/words").asInt()).isEqualTo(3);
            assertThat(m.at("/content/path").toString()).isEqualTo("[\"" + run + "_consumer1\",\"" + run + "_consumer2\",\""
                    + run + "_consumer4\",\"" + run + "_consumer5\"]");
            assertThat(m.get("topics").toString()).isEqualTo("[\"" + run + "_topic_5\",\"" + run + "_topic_6\"]");
            assertThat(topics.count(last)).isEqualTo(1);
            assertThat(topics.readAll(last).get(0).headers().lastHeader("traceparent")).as("tracing is off by default").isNull();
        }
    }

    private static String suffixed(String csv, String run) {
        return String.join(",", List.of(csv.split(",")).stream().map(t -> run + "_" + t).toList());
    }

}
