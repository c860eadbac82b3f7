package skeleton.join;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

import org.apache.camel.AsyncProducer;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The one Kafka producer of a worker, shared by its outputs and its dead-letter topic: idempotent, acks=all, bytes
 * in and out, the topic chosen per record. {@link #send} waits for the broker's acknowledgement;
 * {@link #sendAsync} returns at once and reports the acknowledgement (or the failure) later, on one of camel-kafka's
 * worker threads, never on Kafka's own I/O thread. Both go through the same camel-kafka producer.
 */
public final class WorkerProducer {

    private final Endpoint endpoint;
    private final AsyncProducer producer;

    public WorkerProducer(CamelContext context, String brokers, String anyTopic) throws Exception {
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("brokers", brokers);
        options.put("keySerializer", ByteArraySerializer.class.getName());
        options.put("valueSerializer", ByteArraySerializer.class.getName());
        options.put("requestRequiredAcks", "all");
        options.put("enableIdempotence", "true");
        this.endpoint = context.getEndpoint("kafka:" + anyTopic, options);
        this.producer = endpoint.createAsyncProducer();
        // started now and stopped with the context, after its routes: the records still on their way are flushed
        context.addService(producer, true, true);
    }

    /** Sends one record and waits for the broker's acknowledgement. */
    public void send(String topic, byte[] key, byte[] value, Map<String, Object> headers) throws Exception {
        Exchange record = record(topic, key, value, headers);
        producer.process(record);
        if (record.getException() != null) {
            throw record.getException();
        }
    }

    /**
     * Hands one record to the producer and returns; {@code acknowledged} then receives {@code null} once the broker
     * has acknowledged it, or the exception that failed it.
     */
    public void sendAsync(String topic, byte[] key, byte[] value, Consumer<Exception> acknowledged) {
        Exchange record = record(topic, key, value, Map.of());
        producer.process(record, doneSync -> acknowledged.accept(record.getException()));
    }

    private Exchange record(String topic, byte[] key, byte[] value, Map<String, Object> headers) {
        Exchange ex = endpoint.createExchange();
        ex.getMessage().setHeaders(new LinkedHashMap<>(headers));
        ex.getMessage().setHeader(KafkaConstants.OVERRIDE_TOPIC, topic);
        ex.getMessage().setHeader(KafkaConstants.KEY, key);
        ex.getMessage().setBody(value);
        return ex;
    }
}
