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
import org.slf4j.MDC;

/**
 * First step of a worker's dead-letter route: turns what the error handler hands over (the original message) into
 * the dead-letter record, with headers naming the error and where it came from. An unusable record keeps its
 * original bytes, key and headers; a joined group whose processing or sending failed becomes the joined message,
 * keyed by its id.
 */
public final class DeadLetters implements Processor {

    public static final String ERROR = "dlq.error";
    public static final String WORKER = "dlq.worker";
    public static final String SOURCE = "dlq.source";
    public static final String TOPIC = "dlq.topic";
    public static final String PARTITION = "dlq.partition";
    public static final String OFFSET = "dlq.offset";
    public static final String NOTE = "dlq.note";
    /** An unusable record's own timestamp (epoch millis): its data time, which a replay gives it back. */
    public static final String TIMESTAMP = "dlq.timestamp";

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetters.class);

    private final String worker;
    private final List<String> inputs;
    private final String topic;
    private final WorkerMetrics metrics;
    private final RecentOutcomes recent;

    DeadLetters(String worker, List<String> inputs, String topic, WorkerMetrics metrics, RecentOutcomes recent) {
        this.worker = worker;
        this.inputs = List.copyOf(inputs);
        this.topic = topic;
        this.metrics = metrics;
        this.recent = recent;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        Object body = exchange.getMessage().getBody();
        if (body instanceof List) {
            throw new IllegalStateException("worker " + worker + ": a whole poll failed; it is read again, not dead-lettered",
                    cause);
        }
        // a joined group keeps itself in a property: whatever the failed step left in the body, it is dead-lettered
        JoinGroup group = body instanceof JoinGroup g ? g : exchange.getProperty(JoinedMessage.GROUP, JoinGroup.class);
        try (var trace = JoinTraces.logContext(exchange)) {
            if (group != null) {
                JoinTraces.failed(exchange, cause);
                deadLetterGroup(exchange, group, cause);
            } else {
                deadLetterRecord(exchange.getMessage(), cause);
            }
        }
    }

    private void deadLetterRecord(Message m, Exception cause) {
        String error = cause instanceof UnusableRecord ? cause.getMessage() : describe(cause);
        String source = m.getHeader(KafkaConstants.TOPIC, String.class);
        Integer partition = m.getHeader(KafkaConstants.PARTITION, Integer.class);
        Long offset = m.getHeader(KafkaConstants.OFFSET, Long.class);
        Object key = m.getHeader(KafkaConstants.KEY);
        byte[] value = m.getBody(byte[].class);
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
        Long timestamp = m.getHeader(KafkaConstants.TIMESTAMP, Long.class);
        if (timestamp != null) {
            headers.put(TIMESTAMP, String.valueOf(timestamp));
        }
        record(m, key instanceof byte[] b ? b : null, value, headers);
        metrics.deadLettered();
        metrics.deadLetterFrom(headers.containsKey(ReplayTopic.SLOT) ? JoinHeaders.text(headers.get(ReplayTopic.SLOT)) : source);
        metrics.deadLetter(cause instanceof UnusableRecord ? "unusable" : "record");
        LOG.warn("worker {} dead-lettered record from {}[{}]@{} to {}: {}", worker, source, partition, offset, topic, error);
    }

    private void deadLetterGroup(Exchange exchange, JoinGroup group, Exception cause) throws Exception {
        String failedAt = exchange.getProperty(Exchange.FAILURE_ENDPOINT, String.class);
        boolean output = failedAt != null && failedAt.startsWith("kafka:");
        String error = (output ? "sending to " + topicOf(failedAt) + " failed: " : "processor failed: ") + describe(cause);
        Map<String, Object> headers = new LinkedHashMap<>();
        headers.put(ERROR, error);
        headers.put(WORKER, worker);
        headers.put(SOURCE, group.positions(inputs));
        record(exchange.getMessage(), group.key().getBytes(StandardCharsets.UTF_8),
                Json.MAPPER.writeValueAsBytes(group.joined(inputs)), headers);
        metrics.failed();
        recent.add(group.key(), "dead-lettered", "to " + topic + " (from " + group.positions(inputs) + "): " + error);
        metrics.deadLetter(output ? "output" : "processor");
        try (var id = MDC.putCloseable("id", group.key())) {
            LOG.warn("worker {} dead-lettered joined message id={} from {} to {}: {}", worker, group.key(),
                    group.positions(inputs), topic, error, cause);
        }
    }

    /**
     * The dead-letter topic refused the record as too large: it goes again without its value, with a note of the
     * value's size; the original stays readable at its source ({@code dlq.source}).
     */
    public void withoutValue(Exchange exchange) {
        Message m = exchange.getMessage();
        byte[] value = m.getBody(byte[].class);
        int size = value == null ? 0 : value.length;
        m.setHeader(NOTE, "value of " + size + " bytes left out: the dead-letter topic refused the record as too large;"
                + " the original is at its source");
        m.setBody(null);
        LOG.warn("worker {} dead-lettered a record of {} bytes to {} without its value (too large), source {}", worker, size,
                topic, m.getHeader(SOURCE));
    }

    private static void record(Message m, byte[] key, byte[] value, Map<String, Object> headers) {
        m.getHeaders().clear();
        m.setHeaders(headers);
        if (key != null) {
            m.setHeader(KafkaConstants.KEY, key);
        }
        m.setBody(value);
    }

    /** The topic of a {@code kafka:} endpoint URI, as Camel spells it ({@code kafka://topic?options}). */
    private static String topicOf(String uri) {
        String rest = uri.substring("kafka:".length()).replaceFirst("^//", "");
        int query = rest.indexOf('?');
        return query < 0 ? rest : rest.substring(0, query);
    }

    private static String describe(Exception cause) {
        if (cause instanceof StepErrors.Thrown) {
            return cause.getMessage();
        }
        return cause == null ? "unknown error" : cause.getClass().getName() + ": " + cause.getMessage();
    }
}
