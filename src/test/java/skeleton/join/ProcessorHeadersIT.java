package skeleton.join;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import skeleton.testing.TestBroker;
import skeleton.testing.TestDatabase;
import skeleton.testing.Topics;
import skeleton.testing.WorkerFixture;

/** The headers the user's processor gets with a joined message: consumerName, topics, and metadatas only when set. */
class ProcessorHeadersIT {

    @Test
    void the_processor_gets_the_worker_name_the_topics_and_the_metadatas_only_when_the_row_has_them() throws Exception {
        String a = Topics.unique("a"), b = Topics.unique("b"), with = Topics.unique("with"), without = Topics.unique("without");
        try (Topics topics = new Topics(TestBroker.bootstrapServers()); WorkerFixture f = new WorkerFixture(TestDatabase.selected().get(0))) {
            topics.create(1, a, b, with + "_out", without + "_out");
            f.addRow(with, a + "," + b, with + "_out", "{\"team\": \"billing\"}", "60");
            f.addRow(without, a + "," + b, without + "_out", null, "60");
            Map<String, String> settings = f.settings(with + "," + without);
            settings.put("PROCESSOR", "headerEcho");
            settings.put("camel.beans.headerEcho", "#class:skeleton.testing.HeaderEcho");
            f.start(settings);

            topics.send(b, "42", "{\"id\": \"42\", \"b\": 2}");
            topics.send(a, "42", "{\"id\": \"42\", \"a\": 1}");

            await().atMost(Duration.ofSeconds(60)).until(() -> topics.count(with + "_out") == 1 && topics.count(without + "_out") == 1);
            JsonNode withHeaders = headers(topics, with + "_out");
            JsonNode withoutHeaders = headers(topics, without + "_out");

            assertThat(fieldNames(withHeaders)).containsExactly("consumerName", "metadatas", "topics");
            assertThat(withHeaders.get("consumerName").asText()).isEqualTo(with);
            assertThat(withHeaders.get("metadatas").asText()).isEqualTo("{\"team\": \"billing\"}");
            assertThat(withHeaders.get("topics").asText()).as("in topics_input order").isEqualTo(a + "," + b);
            assertThat(fieldNames(withoutHeaders)).containsExactly("consumerName", "topics");
            assertThat(withoutHeaders.get("consumerName").asText()).isEqualTo(without);
        }
    }

    private static JsonNode headers(Topics topics, String topic) throws Exception {
        return new ObjectMapper().readTree(topics.readAll(topic).get(0).value()).at("/content/headers");
    }

    private static java.util.List<String> fieldNames(JsonNode node) {
        java.util.List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
