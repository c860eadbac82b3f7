package skeleton.join;

import java.util.List;

import org.apache.camel.Exchange;
import org.apache.camel.Predicate;
import org.springframework.dao.DataAccessException;

/**
 * When the error handler of a worker's route tries a failed step again: an unusable record never (it is
 * dead-lettered at once); while the join store is unreachable, always (the consumer waits, nothing is dead-lettered
 * for it); anything else (the processor threw, an output refused the record) up to {@code redeliveries} times. A
 * whole poll is never tried again here: its unit of work reads it again.
 */
public final class RetryRule implements Predicate {

    private final int redeliveries;

    public RetryRule(int redeliveries) {
        this.redeliveries = redeliveries;
    }

    @Override
    public boolean matches(Exchange exchange) {
        if (exchange.getMessage().getBody() instanceof List) {
            return false;
        }
        Exception e = exchange.getException() != null ? exchange.getException()
                : exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UnusableRecord) {
                return false;
            }
            if (t instanceof DataAccessException) {
                return true;
            }
        }
        int attempt = exchange.getMessage().getHeader(Exchange.REDELIVERY_COUNTER, 0, Integer.class);
        return attempt <= redeliveries;
    }
}
