package skeleton.api;

import java.math.BigDecimal;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import skeleton.api.EndpointMap.Field;
import skeleton.api.EndpointMap.Model;

/**
 * Turns the query string of a GET or DELETE into the JSON object that the model's schema validates: numbers and
 * booleans are converted when they parse (otherwise left as text, so the validator names the type problem), a dict
 * is given as JSON text, a list as repeated parameters or as JSON text. Unknown parameters are kept, so that the
 * validator reports them like extra body fields.
 */
public final class QueryParameters {

    private final Map<String, Field> fields = new LinkedHashMap<>();

    public QueryParameters(Model model) {
        model.fields().forEach(f -> fields.put(f.name(), f));
    }

    public ObjectNode read(String rawQuery) {
        ObjectNode out = JsonResponses.MAPPER.createObjectNode();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return out;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            Field field = fields.get(name);
            if (field != null && field.type() == FieldType.LIST && !value.startsWith("[")) {
                JsonNode existing = out.get(name);
                ArrayNode list = existing instanceof ArrayNode a ? a : out.putArray(name);
                list.add(value);
            } else if (out.has(name)) {
                throw new ApiError(400, java.util.List.of(new RequestValidator.Violation("/" + JsonChecks.key(name),
                        "is given more than once")));
            } else {
                out.set(name, convert(field, value));
            }
        }
        return out;
    }

    private static JsonNode convert(Field field, String value) {
        var text = JsonResponses.MAPPER.getNodeFactory().textNode(value);
        if (field == null) {
            return text;
        }
        try {
            return switch (field.type()) {
                case INTEGER -> JsonResponses.MAPPER.getNodeFactory().numberNode(new BigDecimal(value).toBigIntegerExact());
                case NUMBER -> JsonResponses.MAPPER.getNodeFactory().numberNode(new BigDecimal(value));
                case BOOLEAN -> value.equals("true") || value.equals("false")
                        ? JsonResponses.MAPPER.getNodeFactory().booleanNode(Boolean.parseBoolean(value)) : text;
                case DICT, LIST -> JsonResponses.MAPPER.readTree(value);
                case STRING -> text;
            };
        } catch (Exception e) {
            return text;
        }
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new ApiError(400, "the query string is not URL-encoded correctly: " + e.getMessage());
        }
    }
}
