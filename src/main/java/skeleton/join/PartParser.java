package skeleton.join;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Turns a record's bytes into a {@link Part}, or says exactly why it cannot: not JSON, not an object, no usable id,
 * too big. Pure: no Camel, no Kafka.
 */
public final class PartParser {

    private static final ObjectMapper JSON = Json.MAPPER;

    private final String idField;
    private final int maxBytes;

    public PartParser(String idField, int maxBytes) {
        this.idField = idField;
        this.maxBytes = maxBytes;
    }

    /** The outcome of parsing one record: a part, or the reason it is unusable. */
    public record Result(Part part, String error) {
        public boolean ok() {
            return part != null;
        }
    }

    public Result parse(byte[] value, String topic, int partition, long offset, long timestamp) {
        if (value == null) {
            return fail("record has no value (a tombstone)");
        }
        if (value.length > maxBytes) {
            return fail("record is " + value.length + " bytes, over the limit of " + maxBytes + " (MAX_RECORD_BYTES)");
        }
        JsonNode root;
        try {
            root = JSON.readTree(value);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            return fail("body is not JSON" + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")")
                    + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            return fail("body is not JSON: " + e.getMessage());
        }
        if (root == null || root.isMissingNode()) {
            return fail("body is empty");
        }
        if (!root.isObject()) {
            return fail("body is " + kind(root) + ", not a JSON object");
        }
        JsonNode id = root.get(idField);
        if (id == null || id.isNull()) {
            return fail("no usable id: field \"" + idField + "\" is missing");
        }
        Object idValue;
        String key;
        if (id.isTextual()) {
            key = id.textValue();
            idValue = key;
            if (key.isBlank()) {
                return fail("no usable id: field \"" + idField + "\" is an empty string");
            }
            if (key.length() > 255) {
                return fail("no usable id: field \"" + idField + "\" is longer than 255 characters");
            }
        } else if (id.isIntegralNumber() || id.isNumber()) {
            key = id.asText();
            idValue = JSON.convertValue(id, Object.class);
            if (key.length() > 255) {
                return fail("no usable id: field \"" + idField + "\" is a number of " + key.length()
                        + " characters, longer than 255");
            }
        } else {
            return fail("no usable id: field \"" + idField + "\" is " + kind(id) + ", not a string or a number");
        }
        Map<String, Object> content = new LinkedHashMap<>();
        JsonNode inner = root.get("content");
        if (inner != null && inner.isObject()) {
            inner.fields().forEachRemaining(f -> content.put(f.getKey(), JSON.convertValue(f.getValue(), Object.class)));
        } else {
            root.fields().forEachRemaining(f -> {
                if (!f.getKey().equals(idField)) {
                    content.put(f.getKey(), JSON.convertValue(f.getValue(), Object.class));
                }
            });
        }
        return new Result(new Part(idValue, key, topic, partition, offset, timestamp, content), null);
    }

    private static String kind(JsonNode node) {
        String type = node.getNodeType().name().toLowerCase();
        return (type.startsWith("a") || type.startsWith("o") ? "an " : "a ") + type;
    }

    private static Result fail(String why) {
        return new Result(null, why);
    }
}
