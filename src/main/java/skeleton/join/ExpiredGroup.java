package skeleton.join;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.component.kafka.KafkaConstants;

/**
 * The aggregator's branch for a group force-completed by the {@link DeadlineCheck}: reported (logged and counted)
 * as its worker's {@link IncompletePolicy} says. For {@code partial} the group goes on to the processor with the
 * missing topics in the {@code missingTopics} header; for {@code expired} the body becomes the record for the
 * {@code .expired} topic: the parts merged as far as they go, keyed by the id, timestamped with the group's data
 * time, with headers {@code expired.reason}, {@code expired.missing} and {@code expired.source}.
 */
public final class ExpiredGroup implements Processor {

    public static final String MISSING_TOPICS = "missingTopics";

    private final List<String> inputs;
    private final long timeoutMillis;
    private final IncompleteGroups incomplete;
    private final IncompletePolicy policy;

    public ExpiredGroup(List<String> inputs, long timeoutMillis, IncompleteGroups incomplete, IncompletePolicy policy) {
        this.inputs = List.copyOf(inputs);
        this.timeoutMillis = timeoutMillis;
        this.incomplete = incomplete;
        this.policy = policy;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        Message m = exchange.getMessage();
        JoinGroup group = m.getBody(JoinGroup.class);
        Long replayedAt = group.replayedAt();
        String why = "no part from " + group.missing(inputs) + " within " + timeoutMillis / 1000 + " s of "
                + (replayedAt == null ? "the first part" : "its replay at " + Instant.ofEpochMilli(replayedAt))
                + " (deadline " + Instant.ofEpochMilli(group.deadline(timeoutMillis)) + ")";
        try (var trace = JoinTraces.logContext(exchange)) {
            report(m, group, why);
        }
    }

    private void report(Message m, JoinGroup group, String why) throws Exception {
        switch (policy) {
            case DISCARD -> incomplete.report(group, why);
            case PARTIAL -> {
                incomplete.partial(group, why);
                m.setHeader(MISSING_TOPICS, String.join(",", group.missing(inputs)));
            }
            case EXPIRED -> {
                incomplete.expired(group, why);
                m.getHeaders().clear();
                m.setHeader("expired.reason", why);
                m.setHeader("expired.missing", String.join(",", group.missing(inputs)));
                m.setHeader("expired.source", group.positions(inputs));
                m.setHeader(KafkaConstants.KEY, group.key().getBytes(StandardCharsets.UTF_8));
                m.setHeader(KafkaConstants.OVERRIDE_TIMESTAMP, group.lastTimestamp());
                m.setBody(Json.MAPPER.writeValueAsBytes(group.joined(inputs)));
            }
        }
    }
}
