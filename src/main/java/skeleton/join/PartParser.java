package skeleton.join;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
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
        if (blank(value)) {
            return fail("body is empty");
        }
        Object root;
        try {
            // one pass straight into maps, lists, strings and numbers: no tree to convert afterwards
            root = JSON.readValue(value, Object.class);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            return fail("body is not JSON" + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")")
                    + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            return fail("body is not JSON: " + e.getMessage());
        }
        if (!(root instanceof Map<?, ?> fields)) {
            return fail("body is " + kind(root) + ", not a JSON object");
        }
        Object id = fields.get(idField);
        if (id == null) {
            return fail("no usable id: field \"" + idField + "\" is missing");
        }
        String key;
        if (id instanceof String text) {
            key = text;
            if (key.isBlank()) {
                return fail("no usable id: field \"" + idField + "\" is an empty string");
            }
            if (key.length() > 255) {
                return fail("no usable id: field \"" + idField + "\" is longer than 255 characters");
            }
        } else if (id instanceof Number) {
            key = id.toString();
            if (key.length() > 255) {
                return fail("no usable id: field \"" + idField + "\" is a number of " + key.length()
                        + " characters, longer than 255");
            }
        } else {
            return fail("no usable id: field \"" + idField + "\" is " + kind(id) + ", not a string or a number");
        }
        Map<String, Object> content;
        if (fields.get("content") instanceof Map<?, ?> inner) {
            content = strings(inner);
        } else {
            content = strings(fields);
            content.remove(idField);
        }
        return new Result(new Part(id, key, topic, partition, offset, timestamp, content), null);
    }

    /** A JSON object as Jackson reads it: a LinkedHashMap with string keys, in the record's order. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> strings(Map<?, ?> object) {
        return (Map<String, Object>) object;
    }

    private static boolean blank(byte[] value) {
        for (byte b : value) {
            if (b != ' ' && b != '\t' && b != '\n' && b != '\r') {
                return false;
            }
        }
        return true;
    }

    private static String kind(Object value) {
        if (value instanceof Map) {
            return "an object";
        }
        if (value instanceof List) {
            return "an array";
        }
        if (value instanceof String) {
            return "a string";
        }
        if (value instanceof Boolean) {
            return "a boolean";
        }
        return value == null ? "a null" : "a number";
    }

    private static Result fail(String why) {
        return new Result(null, why);
    }
}
