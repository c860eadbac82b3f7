package skeleton.join;

import java.util.List;

import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Counts what became of a joined message once the processor ran: sent to every output, or nothing to send. */
public final class Outcomes {

    private static final Logger LOG = LoggerFactory.getLogger(Outcomes.class);

    private final String worker;
    private final int outputs;
    private final WorkerMetrics metrics;
    private final List<String> inputs;
    private final RecentOutcomes recent;

    Outcomes(String worker, int outputs, WorkerMetrics metrics, List<String> inputs, RecentOutcomes recent) {
        this.worker = worker;
        this.outputs = outputs;
        this.metrics = metrics;
        this.inputs = List.copyOf(inputs);
        this.recent = recent;
    }

    /** Every output topic acknowledged the result. */
    public void sent(Exchange exchange) {
        metrics.sent(outputs);
        JoinGroup group = exchange.getProperty(JoinedMessage.GROUP, JoinGroup.class);
        if (group != null) {
            recent.add(group.key(), "sent", "joined from " + group.positions(inputs) + ", sent to " + outputs + " output topic"
                    + (outputs == 1 ? "" : "s"));
        }
        if (exchange.getProperty(JoinedMessage.STARTED) instanceof Long sentAt) {
            metrics.sendTime(System.nanoTime() - sentAt);
        }
    }

    /** The processor returned null: nothing is sent. */
    public void nothingSent(Exchange exchange) {
        processorDone(exchange, metrics);
        metrics.nothingToSend();
        JoinGroup group = exchange.getProperty(JoinedMessage.GROUP, JoinGroup.class);
        if (group != null) {
            recent.add(group.key(), "nothing sent", "joined from " + group.positions(inputs) + "; the processor returned null");
        }
        LOG.debug("worker {}: processor returned nothing for id={}, nothing sent", worker, group == null ? null : group.key());
    }

    /** Records the processor's time; from now on the property marks the start of the send. */
    static void processorDone(Exchange exchange, WorkerMetrics metrics) {
        long now = System.nanoTime();
        if (exchange.getProperty(JoinedMessage.STARTED) instanceof Long started) {
            metrics.processorTime(now - started);
        }
        exchange.setProperty(JoinedMessage.STARTED, now);
        JoinTraces.processorDone(exchange);
    }
}
