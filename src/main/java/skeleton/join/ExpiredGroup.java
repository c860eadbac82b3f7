package skeleton.join;

import java.time.Instant;
import java.util.List;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/** The aggregator's incomplete branch: a group force-completed by the {@link DeadlineCheck} is reported and dropped. */
public final class ExpiredGroup implements Processor {

    private final List<String> inputs;
    private final long timeoutMillis;
    private final IncompleteGroups incomplete;

    public ExpiredGroup(List<String> inputs, long timeoutMillis, IncompleteGroups incomplete) {
        this.inputs = List.copyOf(inputs);
        this.timeoutMillis = timeoutMillis;
        this.incomplete = incomplete;
    }

    @Override
    public void process(Exchange exchange) {
        JoinGroup group = exchange.getMessage().getBody(JoinGroup.class);
        incomplete.report(group, "no part from " + group.missing(inputs) + " within " + timeoutMillis / 1000
                + " s of the first part (deadline " + Instant.ofEpochMilli(group.firstTimestamp() + timeoutMillis) + ")");
    }
}
