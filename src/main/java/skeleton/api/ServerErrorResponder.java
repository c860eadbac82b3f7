package skeleton.api;

import java.util.List;
import java.util.UUID;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import skeleton.api.RequestValidator.Violation;

/**
 * Answers a failed API request with 500 and an error id; the same id and the stack trace go to the log, never to
 * the client. Used as the exception handler of the API routes only.
 */
public final class ServerErrorResponder implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(ServerErrorResponder.class);

    @Override
    public void process(Exchange exchange) {
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String errorId = UUID.randomUUID().toString();
        String method = exchange.getMessage().getHeader(Exchange.HTTP_METHOD, String.class);
        String path = exchange.getMessage().getHeader(Exchange.HTTP_PATH, String.class);
        LOG.error("API request {} {} (route {}) failed, error id {}", method, path, exchange.getFromRouteId(), errorId,
                failure);
        JsonResponses.write500(exchange.getMessage(), JsonResponses.errorBody(
                List.of(new Violation("", "internal error; quote error id " + errorId)), errorId));
    }
}
