package skeleton.join;

import java.util.List;

import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * Gathers the parts of one id, one slot per input topic. A group is complete when every input topic has filled its
 * slot. Parts further apart in record time than the worker's timeout never join: when a part comes later than the
 * group's window, the group is reported incomplete and the part starts a new one; when it comes earlier, the part
 * alone is reported. A part of a group that completed (a re-read after a crash, an upstream retry) within the
 * group's window is a repeat: dropped, and counted. A replayed part (a dead letter put back) is a repeat only of a
 * group completed from a replay as late as its own (read again after a crash): it starts its group again, and a
 * group holding one has until the timeout after the replay to complete, however old its data time (the parts of a
 * replayed group come one after the other, and the watermarks are long past them).
 */
public final class TopicSlotStrategy implements AggregationStrategy {

    private final List<String> inputs;
    private final long timeoutMillis;
    private final IncompleteGroups incomplete;

    public TopicSlotStrategy(List<String> inputs, long timeoutMillis, IncompleteGroups incomplete) {
        this.inputs = List.copyOf(inputs);
        this.timeoutMillis = timeoutMillis;
        this.incomplete = incomplete;
    }

    @Override
    public Exchange aggregate(Exchange oldExchange, Exchange newExchange) {
        Part part = newExchange.getMessage().getBody(Part.class);
        if (oldExchange == null) {
            return describe(newExchange, JoinGroup.of(part));
        }
        Long completedUntil = oldExchange.getMessage().getHeader(JoinRepository.COMPLETED_UNTIL, Long.class);
        if (completedUntil != null) {
            // a group's note runs to its deadline: for one completed from a replay, the timeout after that replay
            long window = part.replay() == null ? part.timestamp() : part.replay().at() + timeoutMillis;
            if (window <= completedUntil) {
                incomplete.repeat(part);
                return oldExchange;
            }
            return describe(newExchange, JoinGroup.of(part));
        }
        JoinGroup group = oldExchange.getMessage().getBody(JoinGroup.class);
        JoinGroup joined = group.with(part);
        if (joined.span() <= timeoutMillis) {
            if (joined.isComplete(inputs)) {
                oldExchange.setProperty(JoinTraces.COMPLETED_BY, part.slot());
            }
            return describe(oldExchange, joined);
        }
        try (var trace = JoinTraces.logContext(newExchange)) {
            return tooFarApart(oldExchange, group, part);
        }
    }

    private Exchange tooFarApart(Exchange oldExchange, JoinGroup group, Part part) {
        if (part.timestamp() > group.lastTimestamp()) {
            incomplete.report(group, "part " + part.position() + " came " + (part.timestamp() - group.firstTimestamp())
                    + " ms after the group's first part; it starts a new group");
            return describe(oldExchange, JoinGroup.of(part));
        }
        incomplete.report(JoinGroup.of(part), "it is " + (group.lastTimestamp() - part.timestamp())
                + " ms older than the group's latest part " + group.slots().get(lastTopic(group)).position());
        return describe(oldExchange, group);
    }

    /** A completed group's exchange is followed by the unit of work that completed it, which ends once it is sent. */
    @Override
    public void onCompletion(Exchange exchange) {
        PollUnit unit = PollUnit.current();
        if (unit != null) {
            unit.track(exchange);
        }
    }

    private static String lastTopic(JoinGroup group) {
        return group.slots().values().stream().reduce((a, b) -> a.timestamp() >= b.timestamp() ? a : b).orElseThrow().slot();
    }

    /** Puts the group in the body and the headers the completion check and the repository columns read. */
    private Exchange describe(Exchange exchange, JoinGroup group) {
        Message m = exchange.getMessage();
        m.setBody(group);
        List<String> missing = group.missing(inputs);
        m.setHeader(JoinHeaders.COMPLETE, missing.isEmpty());
        m.setHeader(JoinHeaders.DEADLINE, JoinHeaders.padded(group.deadline(timeoutMillis)));
        m.setHeader(JoinHeaders.MISSING, String.join(",", missing));
        return exchange;
    }
}
