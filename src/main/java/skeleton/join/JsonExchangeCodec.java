package skeleton.join;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.processor.aggregate.jdbc.JdbcCamelCodec;
import org.apache.camel.support.DefaultExchange;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Stores an in-flight group as UTF-8 JSON instead of a Java-serialised exchange: the body (a {@link JoinGroup}), the
 * {@code join_*} headers and the aggregator's bookkeeping properties. A row can be read with any SQL client, and a
 * new version of the worker reads the rows of the old one.
 */
final class JsonExchangeCodec extends JdbcCamelCodec {

    static final String[] KEPT_PROPERTIES = {
        Exchange.AGGREGATED_SIZE, Exchange.AGGREGATED_COMPLETED_BY, Exchange.AGGREGATED_CORRELATION_KEY,
    };

    /**
     * A new exchange holding what this codec keeps of a group's exchange, as a read from the table would give it: the
     * exchange of a group's first record also carries that record's headers and, through them, the record's own
     * exchange, which a group kept in memory would keep alive.
     */
    static Exchange compact(Exchange group) {
        Exchange kept = new DefaultExchange(group.getContext());
        kept.setExchangeId(group.getExchangeId());
        kept.getMessage().setBody(group.getMessage().getBody());
        group.getMessage().getHeaders().forEach((k, v) -> {
            if (k.startsWith("join_") && v != null) {
                kept.getMessage().setHeader(k, v);
            }
        });
        for (String p : KEPT_PROPERTIES) {
            Object v = group.getProperty(p);
            if (v != null) {
                kept.setProperty(p, v);
            }
        }
        return kept;
    }

    @Override
    public void marshallExchange(Exchange exchange, boolean allowSerializedHeaders, OutputStream out) throws IOException {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("exchangeId", exchange.getExchangeId());
        doc.put("group", exchange.getMessage().getBody(JoinGroup.class));
        Map<String, Object> headers = new LinkedHashMap<>();
        exchange.getMessage().getHeaders().forEach((k, v) -> {
            if (k.startsWith("join_") && v != null) {
                headers.put(k, v);
            }
        });
        doc.put("headers", headers);
        Map<String, Object> properties = new LinkedHashMap<>();
        for (String p : KEPT_PROPERTIES) {
            Object v = exchange.getProperty(p);
            if (v != null) {
                properties.put(p, v);
            }
        }
        doc.put("properties", properties);
        Json.MAPPER.writeValue(out, doc);
    }

    @Override
    public Exchange unmarshallExchange(CamelContext context, InputStream in, String deserializationFilter) throws IOException {
        JsonNode doc = Json.MAPPER.readTree(in);
        Exchange exchange = new DefaultExchange(context);
        exchange.setExchangeId(doc.path("exchangeId").asText());
        exchange.getMessage().setBody(Json.MAPPER.treeToValue(doc.get("group"), JoinGroup.class));
        doc.path("headers").fields().forEachRemaining(
                h -> exchange.getMessage().setHeader(h.getKey(), Json.MAPPER.convertValue(h.getValue(), Object.class)));
        doc.path("properties").fields().forEachRemaining(
                p -> exchange.setProperty(p.getKey(), Json.MAPPER.convertValue(p.getValue(), Object.class)));
        return exchange;
    }
}
