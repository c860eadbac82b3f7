package skeleton.api;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;

import skeleton.config.Problems;

/** Small checks on a parsed JSON tree that report to {@link Problems} with the JSON pointer of the value. */
final class JsonChecks {

    private JsonChecks() {
    }

    /** Escapes a key for use inside a JSON pointer (RFC 6901). */
    static String key(String name) {
        return name.replace("~", "~0").replace("/", "~1");
    }

    /** Reports every key of {@code node} that is not in {@code known}; false when node is not an object. */
    static boolean object(Problems problems, JsonNode node, String pointer, Set<String> known) {
        if (node == null || !node.isObject()) {
            problems.at(pointer, "must be an object, found " + describe(node));
            return false;
        }
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!known.contains(name)) {
                problems.at(pointer + "/" + key(name), "unknown key \"" + name + "\"; known: "
                        + String.join(", ", new TreeSet<>(known)));
            }
        }
        return true;
    }

    /** A required non-empty string, or null after reporting why not. */
    static String requiredString(Problems problems, JsonNode parent, String field, String pointer) {
        JsonNode node = parent.get(field);
        String at = pointer + "/" + field;
        if (node == null || node.isNull()) {
            problems.at(at, "is required");
            return null;
        }
        if (!node.isTextual() || node.asText().isBlank()) {
            problems.at(at, "must be a non-empty string, found " + describe(node));
            return null;
        }
        return node.asText();
    }

    /** A list of strings; absent or null gives an empty list. */
    static List<String> stringList(Problems problems, JsonNode parent, String field, String pointer) {
        JsonNode node = parent.get(field);
        List<String> out = new ArrayList<>();
        if (node == null || node.isNull()) {
            return out;
        }
        if (!node.isArray()) {
            problems.at(pointer + "/" + field, "must be a list of strings or null, found " + describe(node));
            return out;
        }
        for (int i = 0; i < node.size(); i++) {
            JsonNode item = node.get(i);
            if (item.isTextual() && !item.asText().isBlank()) {
                out.add(item.asText());
            } else {
                problems.at(pointer + "/" + field + "/" + i, "must be a non-empty string, found " + describe(item));
            }
        }
        return out;
    }

    /** How a value looks in an error message: its JSON type and, when short, its text. */
    static String describe(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "nothing";
        }
        String type = node.isObject() ? "an object" : node.isArray() ? "a list" : node.isTextual() ? "a string"
                : node.isBoolean() ? "a boolean" : node.isIntegralNumber() ? "an integer" : node.isNumber() ? "a number"
                : "null";
        String text = node.toString();
        return node.isContainerNode() || text.length() > 40 ? type : type + " " + text;
    }
}
