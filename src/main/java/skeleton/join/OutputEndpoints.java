package skeleton.join;

import java.util.ArrayList;
import java.util.List;

import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.support.ExpressionAdapter;

/**
 * The recipients of a worker's {@code recipientList}: a {@code kafka:} endpoint per output topic, resolved once. A
 * list of endpoint URIs would have Camel parse and normalize every URI (with its producer options) again for each
 * joined message; resolved endpoints go straight to the recipient list's producer cache.
 */
public final class OutputEndpoints extends ExpressionAdapter {

    private final List<String> uris;
    private volatile List<Endpoint> endpoints;

    public OutputEndpoints(List<String> uris) {
        this.uris = List.copyOf(uris);
    }

    /** The endpoint URIs, as the recipient list sends to them. */
    public List<String> uris() {
        return uris;
    }

    @Override
    public Object evaluate(Exchange exchange) {
        List<Endpoint> resolved = endpoints;
        if (resolved == null) {
            resolved = resolve(exchange.getContext());
        }
        return resolved;
    }

    private synchronized List<Endpoint> resolve(CamelContext context) {
        if (endpoints == null) {
            List<Endpoint> list = new ArrayList<>(uris.size());
            for (String uri : uris) {
                list.add(context.getEndpoint(uri));
            }
            endpoints = List.copyOf(list);
        }
        return endpoints;
    }

    @Override
    public String toString() {
        return "outputs" + uris;
    }
}
