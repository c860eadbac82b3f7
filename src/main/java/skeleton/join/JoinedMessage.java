package skeleton.join;

import java.util.List;
import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;

/**
 * Turns a complete group into what the user's processor receives: the joined message as a {@code Map} body, and
 * the headers {@code consumerName}, {@code metadatas} and {@code topics} (and {@code missingTopics} for a group sent on
 * incomplete, {@code INCOMPLETE_POLICY=partial}). The group stays on the exchange (property
 * {@code join_group}) for the output key and the dead-letter topic.
 */
public final class JoinedMessage implements Processor {

    public static final String GROUP = "join_group";
    public static final String CONSUMER_NAME = "consumerName";
    public static final String METADATAS = "metadatas";
    public static final String TOPICS = "topics";

    private final String worker;
    private final List<String> inputs;
    private final String metadatas;
    private final WorkerMetrics metrics;

    public JoinedMessage(String worker, List<String> inputs, String metadatas, WorkerMetrics metrics) {
        this.worker = worker;
        this.inputs = List.copyOf(inputs);
        this.metadatas = metadatas;
        this.metrics = metrics;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void process(Exchange exchange) {
        FaultPoint.COMPLETED.reach();
        Message m = exchange.getMessage();
        JoinGroup group = m.getBody(JoinGroup.class);
        exchange.setProperty(GROUP, group);
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
    }
}
