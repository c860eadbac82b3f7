package skeleton.join;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.component.kafka.KafkaConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends what a worker cannot use to its dead-letter topic, with headers naming the error and where it came from:
 * an unusable record (its original bytes, key and headers), or a joined message whose processor threw.
 */
public final class DeadLetters implements Processor {

    public static final String ERROR = "dlq.error";
    public static final String WORKER = "dlq.worker";
    public static final String SOURCE = "dlq.source";
    public static final String TOPIC = "dlq.topic";
    public static final String PARTITION = "dlq.partition";
    public static final String OFFSET = "dlq.offset";

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetters.class);

    private final String worker;
    private final List<String> inputs;
    private final String topic;
    private final WorkerProducer producer;
    private final WorkerMetrics metrics;

    public DeadLetters(String worker, List<String> inputs, String topic, WorkerProducer producer, WorkerMetrics metrics) {
        this.worker = worker;
        this.inputs = List.copyOf(inputs);
        this.topic = topic;
        this.producer = producer;
        this.metrics = metrics;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        Message m = exchange.getMessage();
        String error = m.getHeader(JoinHeaders.ERROR, String.class);
        if (error != null) {
            deadLetterRecord(m, error);
        } else {
            deadLetterGroup(exchange);
        }
    }

    private void deadLetterRecord(Message m, String error) throws Exception {
        String source = m.getHeader(KafkaConstants.TOPIC, String.class);
        Integer partition = m.getHeader(KafkaConstants.PARTITION, Integer.class);
        Long offset = m.getHeader(KafkaConstants.OFFSET, Long.class);
        Map<String, Object> headers = new LinkedHashMap<>();
        m.getHeaders().forEach((k, v) -> {
            if (v instanceof byte[] && !k.startsWith("kafka.") && !k.startsWith("Camel")) {
                headers.put(k, v);
            }
        });
        headers.put(ERROR, error);
        headers.put(WORKER, worker);
        headers.put(SOURCE, source + "[" + partition + "]@" + offset);
        headers.put(TOPIC, source);
        headers.put(PARTITION, String.valueOf(partition));
        headers.put(OFFSET, String.valueOf(offset));
        Object key = m.getHeader(KafkaConstants.KEY);
        producer.send(topic, key instanceof byte[] b ? b : null, m.getBody(byte[].class), headers);
        metrics.deadLettered();
        LOG.warn("worker {} dead-lettered record from {}[{}]@{} to {}: {}", worker, source, partition, offset, topic, error);
    }

    private void deadLetterGroup(Exchange exchange) throws Exception {
        JoinGroup group = exchange.getProperty(JoinedMessage.GROUP, JoinGroup.class);
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        String error = "processor failed: " + (cause == null ? "unknown error" : cause.getClass().getName() + ": " + cause.getMessage());
        Map<String, Object> headers = new LinkedHashMap<>();
        headers.put(ERROR, error);
        headers.put(WORKER, worker);
        headers.put(SOURCE, group.positions(inputs));
        producer.send(topic, group.key().getBytes(StandardCharsets.UTF_8), Json.MAPPER.writeValueAsBytes(group.joined(inputs)), headers);
        metrics.failed();
        LOG.warn("worker {} dead-lettered joined message id={} from {} to {}: {}", worker, group.key(),
                group.positions(inputs), topic, error, cause);
    }
}
