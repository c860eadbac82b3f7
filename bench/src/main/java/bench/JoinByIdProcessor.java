package bench;

import java.time.Duration;
import java.util.List;

import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The Kafka Streams side of the join: a group is {@code {"first": <timestamp>, "parts": {topic: content}}} in the
 * store; when every input topic has contributed, the merged {@code {"id", "content", "topics"}} is forwarded (later
 * input topics win a key clash, as in our worker) and the group removed. A part later than the group's window starts
 * a new group; a stream-time punctuation drops groups past their window.
 */
final class JoinByIdProcessor implements Processor<String, String, String, String> {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<String> inputs;
    private final long timeoutMs;
    private ProcessorContext<String, String> context;
    private KeyValueStore<String, String> groups;

    JoinByIdProcessor(List<String> inputs, long timeoutMs) {
        this.inputs = inputs;
        this.timeoutMs = timeoutMs;
    }

    @Override
    public void init(ProcessorContext<String, String> context) {
        this.context = context;
        this.groups = context.getStateStore(StreamsJoin.STORE);
        context.schedule(Duration.ofSeconds(10), PunctuationType.STREAM_TIME, this::dropExpired);
    }

    @Override
    public void process(Record<String, String> part) {
        try {
            String topic = context.recordMetadata().orElseThrow().topic();
            JsonNode value = JSON.readTree(part.value());
            String stored = groups.get(part.key());
            ObjectNode group = stored == null ? null : (ObjectNode) JSON.readTree(stored);
            if (group == null || part.timestamp() - group.get("first").asLong() > timeoutMs) {
                group = JSON.createObjectNode().put("first", part.timestamp());
                group.putObject("parts");
            }
            ((ObjectNode) group.get("parts")).set(topic, value.get("content"));
            if (group.get("parts").size() < inputs.size()) {
                groups.put(part.key(), JSON.writeValueAsString(group));
                return;
            }
            groups.delete(part.key());
            context.forward(part.withValue(JSON.writeValueAsString(merged(value.get("id"), group.get("parts")))));
        } catch (java.io.IOException e) {
            throw new IllegalStateException("part " + part.key() + " is not JSON", e);
        }
    }

    private ObjectNode merged(JsonNode id, JsonNode parts) {
        ObjectNode out = JSON.createObjectNode();
        out.set("id", id);
        ObjectNode content = out.putObject("content");
        ArrayNode topics = out.putArray("topics");
        for (String topic : inputs) {
            content.setAll((ObjectNode) parts.get(topic));
            topics.add(topic);
        }
        return out;
    }

    private void dropExpired(long streamTime) {
        try (KeyValueIterator<String, String> all = groups.all()) {
            while (all.hasNext()) {
                KeyValue<String, String> g = all.next();
                if (JSON.readTree(g.value).get("first").asLong() + timeoutMs < streamTime) {
                    groups.delete(g.key);
                }
            }
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
