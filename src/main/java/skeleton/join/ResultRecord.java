package skeleton.join;

import java.nio.charset.StandardCharsets;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.component.kafka.KafkaConstants;

/**
 * Turns the processor's result into the output record: the body as JSON bytes (a {@code String} or {@code byte[]}
 * result as it is), the group's id as the key (so a downstream worker's inputs are co-partitioned by id) and the
 * group's data time, its latest part's record timestamp, as the record timestamp (so a downstream worker judges its
 * deadlines on the time the data was made, not on when this worker got to it). The headers the join and the
 * processor's input carried are removed; headers the processor set travel as Kafka record headers.
 */
public final class ResultRecord implements Processor {

    private final WorkerMetrics metrics;

    public ResultRecord(WorkerMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        Outcomes.processorDone(exchange, metrics);
        JoinGroup group = exchange.getProperty(JoinedMessage.GROUP, JoinGroup.class);
        Message m = exchange.getMessage();
        m.setBody(toJson(m.getBody()));
        // not removeHeaders("join_*"): it compiles a regular expression for every header that does not match
        m.getHeaders().keySet().removeIf(name -> name.startsWith("join_"));
        m.removeHeader(JoinedMessage.CONSUMER_NAME);
        m.removeHeader(JoinedMessage.METADATAS);
        m.removeHeader(JoinedMessage.TOPICS);
        m.setHeader(KafkaConstants.KEY, group.key().getBytes(StandardCharsets.UTF_8));
        m.setHeader(KafkaConstants.OVERRIDE_TIMESTAMP, group.lastTimestamp());
    }

    static byte[] toJson(Object result) throws Exception {
        if (result instanceof byte[] bytes) {
            return bytes;
        }
        if (result instanceof String text) {
            return text.getBytes(StandardCharsets.UTF_8);
        }
        return Json.MAPPER.writeValueAsBytes(result);
    }
}
