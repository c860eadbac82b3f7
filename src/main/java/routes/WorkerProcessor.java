package routes;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.camel.BindToRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;

/**
 * The example processor: the one class a user replaces with their own work.
 *
 * <p>In: the body is the joined message as a {@code Map}: {@code {"id": ..., "content": {...merged...},
 * "topics": [...]}}. Headers: {@code consumerName} (the worker's {@code consumer_name}), {@code metadatas} (the
 * row's free-text metadata, or absent), {@code topics} (the contributing input topics, comma-separated).
 *
 * <p>Out: the body is what is sent, as JSON, to every output topic with the id as the record key. A {@code null}
 * body sends nothing. An exception sends the joined message and the error to the worker's dead-letter topic.
 *
 * <p>This example appends the worker's name to {@code content.path} (so the demo shows the route a message took
 * through the pipeline) and, when {@code content.text} is a string, counts its words into {@code content.words}.
 *
 * <p>{@code @BindToRegistry}: under Camel JBang ({@code camel run ... WorkerProcessor.java}) the class compiled from
 * this source is the bean {@code workerProcessor}; the packaged worker binds it from application.properties.
 */
@BindToRegistry("workerProcessor")
public class WorkerProcessor implements Processor {

    @Override
    public void process(Exchange exchange) {
        Message message = exchange.getMessage();
        @SuppressWarnings("unchecked")
        Map<String, Object> joined = message.getBody(Map.class);
        String worker = message.getHeader("consumerName", "unknown", String.class);

        Map<String, Object> content = new LinkedHashMap<>();
        if (joined.get("content") instanceof Map<?, ?> in) {
            in.forEach((k, v) -> content.put(String.valueOf(k), v));
        }
        List<Object> path = new ArrayList<>();
        if (content.get("path") instanceof List<?> earlier) {
            path.addAll(earlier);
        }
        path.add(worker);
        content.put("path", path);
        if (content.get("text") instanceof String text) {
            content.put("words", text.isBlank() ? 0 : text.trim().split("\\s+").length);
        }

        Map<String, Object> result = new LinkedHashMap<>(joined);
        result.put("content", content);
        message.setBody(result);
    }
}
