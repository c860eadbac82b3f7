package skeleton.join;

import java.util.List;
import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a complete group into what the user's processor receives: the joined message as a {@code Map} body, and
 * the headers {@code consumerName}, {@code metadatas} and {@code topics} (and {@code missingTopics} for a group sent on
 * incomplete, {@code INCOMPLETE_POLICY=partial}). The group stays on the exchange (property
 * {@code join_group}) for the output key and the dead-letter topic.
 */
public final class JoinedMessage implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(JoinedMessage.class);

    public static final String GROUP = "join_group";
    /** System.nanoTime() when the processor got the joined message, then when the result was sent. */
    static final String STARTED = "join_started";
    public static final String CONSUMER_NAME = "consumerName";
    public static final String METADATAS = "metadatas";
    public static final String TOPICS = "topics";

    private final String worker;
    private final List<String> inputs;
    private final String metadatas;
    private final WorkerMetrics metrics;
    private final SentGroups sent;
    private final JoinTraces traces;

    JoinedMessage(String worker, List<String> inputs, String metadatas, WorkerMetrics metrics, SentGroups sent,
                  JoinTraces traces) {
        this.traces = traces;
        this.worker = worker;
        this.inputs = List.copyOf(inputs);
        this.metadatas = metadatas;
        this.metrics = metrics;
        this.sent = sent;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void process(Exchange exchange) {
        FaultPoint.COMPLETED.reach();
        Message m = exchange.getMessage();
        JoinGroup group = m.getBody(JoinGroup.class);
        exchange.setProperty(GROUP, group);
        if (sent.claim(group)) {
            // completed again from the records of a poll read again: its result is on the broker already
            LOG.debug("worker {}: group {} was sent by a poll that is read again; not sent twice", worker, group.key());
            exchange.setRouteStop(true);
            return;
        }
        String missing = m.getHeader(ExpiredGroup.MISSING_TOPICS, String.class);
        m.getHeaders().clear();
        if (missing != null) {
            m.setHeader(ExpiredGroup.MISSING_TOPICS, missing);
        }
        m.setHeader(CONSUMER_NAME, worker);
        if (metadatas != null) {
            m.setHeader(METADATAS, metadatas);
        }
        Map<String, Object> joined = group.joined(inputs);
        m.setHeader(TOPICS, String.join(",", (List<String>) joined.get("topics")));
        m.setBody(joined);
        if (missing == null) {
            metrics.joined();
        }
        exchange.setProperty(STARTED, System.nanoTime());
        traces.processorStarted(exchange);
    }
}
