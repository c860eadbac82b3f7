package skeleton.testing;

import java.util.Map;
import java.util.TreeMap;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/** A processor that returns the headers it was given (names and text values) as the content's {@code headers}. */
public class HeaderEcho implements Processor {

    @Override
    public void process(Exchange exchange) {
        @SuppressWarnings("unchecked")
        Map<String, Object> joined = exchange.getMessage().getBody(Map.class);
        @SuppressWarnings("unchecked")
        Map<String, Object> content = (Map<String, Object>) joined.get("content");
        Map<String, String> headers = new TreeMap<>();
        exchange.getMessage().getHeaders().forEach((k, v) -> headers.put(k, String.valueOf(v)));
        content.put("headers", headers);
    }
}
