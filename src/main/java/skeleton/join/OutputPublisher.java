package skeleton.join;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the processor's result, as JSON, to every output topic of the worker with the group's id as the record key
 * (so a downstream worker's inputs are co-partitioned by id). A {@code null} result sends nothing and is counted.
 * A failed send fails the exchange: the group stays in the repository's completed table and is sent again.
 */
public final class OutputPublisher implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(OutputPublisher.class);

    private final String worker;
    private final List<String> outputs;
    private final WorkerProducer producer;
    private final WorkerMetrics metrics;

    public OutputPublisher(String worker, List<String> outputs, WorkerProducer producer, WorkerMetrics metrics) {
        this.worker = worker;
        this.outputs = List.copyOf(outputs);
        this.producer = producer;
        this.metrics = metrics;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        JoinGroup group = exchange.getProperty(JoinedMessage.GROUP, JoinGroup.class);
        Object result = exchange.getMessage().getBody();
        if (result == null) {
            metrics.nothingToSend();
            LOG.debug("worker {}: processor returned nothing for id={}, nothing sent", worker, group.key());
            return;
        }
        byte[] value = toJson(result);
        byte[] key = group.key().getBytes(StandardCharsets.UTF_8);
        for (String topic : outputs) {
            producer.send(topic, key, value, Map.of());
        }
        metrics.sent(outputs.size());
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
