package skeleton.join;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.support.AsyncProcessorSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the processor's result, as JSON, to every output topic of the worker with the group's id as the record key
 * (so a downstream worker's inputs are co-partitioned by id). A {@code null} result sends nothing and is counted.
 * A failed send fails the exchange: the group stays in the repository's completed table and is sent again.
 *
 * <p>With two or more input topics a joined group was stored before it completed, and the repository keeps it in its
 * completed table until the exchange ends: the records are handed to the producer and the exchange ends when the
 * broker has acknowledged every one, while the consumer thread goes on with the next part. A one-topic worker's
 * group completes with its first part and was never stored, so there the send is waited for before the consumer
 * moves on (and commits the part's offset).
 */
public final class OutputPublisher extends AsyncProcessorSupport {

    private static final Logger LOG = LoggerFactory.getLogger(OutputPublisher.class);

    private final String worker;
    private final List<String> outputs;
    private final WorkerProducer producer;
    private final WorkerMetrics metrics;
    private final boolean groupStoredUntilSent;

    public OutputPublisher(String worker, List<String> inputs, List<String> outputs, WorkerProducer producer,
                           WorkerMetrics metrics) {
        this.worker = worker;
        this.outputs = List.copyOf(outputs);
        this.producer = producer;
        this.metrics = metrics;
        this.groupStoredUntilSent = inputs.size() > 1;
    }

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        JoinGroup group = exchange.getProperty(JoinedMessage.GROUP, JoinGroup.class);
        Object result = exchange.getMessage().getBody();
        if (result == null) {
            metrics.nothingToSend();
            LOG.debug("worker {}: processor returned nothing for id={}, nothing sent", worker, group.key());
            callback.done(true);
            return true;
        }
        byte[] value;
        try {
            value = toJson(result);
        } catch (Exception e) {
            exchange.setException(e);
            callback.done(true);
            return true;
        }
        byte[] key = group.key().getBytes(StandardCharsets.UTF_8);
        if (!groupStoredUntilSent) {
            try {
                for (String topic : outputs) {
                    producer.send(topic, key, value, Map.of());
                }
                metrics.sent(outputs.size());
            } catch (Exception e) {
                exchange.setException(e);
            }
            callback.done(true);
            return true;
        }
        AtomicInteger waiting = new AtomicInteger(outputs.size());
        AtomicReference<Exception> failure = new AtomicReference<>();
        for (String topic : outputs) {
            producer.sendAsync(topic, key, value, error -> {
                if (error != null) {
                    failure.compareAndSet(null, error);
                }
                if (waiting.decrementAndGet() == 0) {
                    if (failure.get() == null) {
                        metrics.sent(outputs.size());
                    } else {
                        exchange.setException(failure.get());
                    }
                    callback.done(false);
                }
            });
        }
        return false;
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
