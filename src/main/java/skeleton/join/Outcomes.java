package skeleton.join;

import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Counts what became of a joined message once the processor ran: sent to every output, or nothing to send. */
public final class Outcomes {

    private static final Logger LOG = LoggerFactory.getLogger(Outcomes.class);

    private final String worker;
    private final int outputs;
    private final WorkerMetrics metrics;

    public Outcomes(String worker, int outputs, WorkerMetrics metrics) {
        this.worker = worker;
        this.outputs = outputs;
        this.metrics = metrics;
    }

    /** Every output topic acknowledged the result. */
    public void sent(Exchange exchange) {
        metrics.sent(outputs);
        if (exchange.getProperty(JoinedMessage.STARTED) instanceof Long sentAt) {
            metrics.sendTime(System.nanoTime() - sentAt);
        }
    }

    /** The processor returned null: nothing is sent. */
    public void nothingSent(Exchange exchange) {
        processorDone(exchange, metrics);
        metrics.nothingToSend();
        JoinGroup group = exchange.getProperty(JoinedMessage.GROUP, JoinGroup.class);
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
