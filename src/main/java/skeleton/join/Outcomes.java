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
    }

    /** The processor returned null: nothing is sent. */
    public void nothingSent(Exchange exchange) {
        metrics.nothingToSend();
        JoinGroup group = exchange.getProperty(JoinedMessage.GROUP, JoinGroup.class);
        LOG.debug("worker {}: processor returned nothing for id={}, nothing sent", worker, group == null ? null : group.key());
    }
}
