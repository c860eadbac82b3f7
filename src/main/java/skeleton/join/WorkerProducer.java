package skeleton.join;

import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The one Kafka producer of a worker, shared by its outputs and its dead-letter topic: idempotent, acks=all, bytes
 * in and out, the topic chosen per record. A send returns once the broker has acknowledged it, or throws.
 */
public final class WorkerProducer {

    private final Endpoint endpoint;
    private final ProducerTemplate template;

    public WorkerProducer(CamelContext context, String brokers, String anyTopic) {
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("brokers", brokers);
        options.put("keySerializer", ByteArraySerializer.class.getName());
        options.put("valueSerializer", ByteArraySerializer.class.getName());
        options.put("requestRequiredAcks", "all");
        options.put("enableIdempotence", "true");
        this.endpoint = context.getEndpoint("kafka:" + anyTopic, options);
        this.template = context.createProducerTemplate();
    }

    /** Sends one record and waits for the broker's acknowledgement. */
    public void send(String topic, byte[] key, byte[] value, Map<String, Object> headers) throws Exception {
        Exchange sent = template.send(endpoint, ex -> {
            ex.getMessage().setHeaders(new LinkedHashMap<>(headers));
            ex.getMessage().setHeader(KafkaConstants.OVERRIDE_TOPIC, topic);
            ex.getMessage().setHeader(KafkaConstants.KEY, key);
            ex.getMessage().setBody(value);
        });
        if (sent.getException() != null) {
            throw sent.getException();
        }
    }
}
