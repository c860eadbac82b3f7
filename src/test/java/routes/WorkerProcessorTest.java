package routes;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

class WorkerProcessorTest {

    private final CamelContext context = new DefaultCamelContext();

    private Exchange exchange(Map<String, Object> joined, String worker) {
        Exchange e = new DefaultExchange(context);
        e.getMessage().setBody(joined);
        e.getMessage().setHeader("consumerName", worker);
        return e;
    }

    @Test
    void appends_the_worker_to_the_path_and_counts_words() throws Exception {
        Exchange e = exchange(Map.of("id", "42", "content", Map.of("text", "hello  pipeline world", "path", List.of("consumer1")),
                "topics", List.of("topic_2")), "consumer2");

        new WorkerProcessor().process(e);

        @SuppressWarnings("unchecked")
        Map<String, Object> out = e.getMessage().getBody(Map.class);
        assertThat(out).containsEntry("id", "42").containsEntry("topics", List.of("topic_2"));
        assertThat(out.get("content")).isEqualTo(Map.of("text", "hello  pipeline world", "words", 3,
                "path", List.of("consumer1", "consumer2")));
    }

    @Test
    void leaves_content_without_text_alone_but_for_the_path() throws Exception {
        Exchange e = exchange(Map.of("id", 7, "content", Map.of("n", 1), "topics", List.of()), "w");

        new WorkerProcessor().process(e);

        @SuppressWarnings("unchecked")
        Map<String, Object> out = e.getMessage().getBody(Map.class);
        assertThat(out.get("content")).isEqualTo(Map.of("n", 1, "path", List.of("w")));
    }
}
