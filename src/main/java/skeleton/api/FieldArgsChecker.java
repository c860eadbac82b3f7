package skeleton.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import skeleton.config.Problems;
import skeleton.api.EndpointMap.Field;

/** The checks of one field's {@code args} against its type, reported at their JSON pointers. */
record FieldArgsChecker(Problems problems, String at, FieldType type, JsonNode args) {

    static final Set<String> KEYS = Set.of("required", "min_length", "max_length", "description",
            "example", "minimum", "maximum", "pattern", "enum");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    Field field(String name) {
        JsonNode required = args.get("required");
        if (required != null && !required.isBoolean()) {
            problems.at(at + "/required", "must be true or false, found " + JsonChecks.describe(required));
        }
        Integer minLength = length("min_length");
        Integer maxLength = length("max_length");
        if (minLength != null && maxLength != null && minLength > maxLength) {
            problems.at(at + "/max_length", "is " + maxLength + ", less than min_length " + minLength);
        }
        Number minimum = bound("minimum");
        Number maximum = bound("maximum");
        if (minimum != null && maximum != null && minimum.doubleValue() > maximum.doubleValue()) {
            problems.at(at + "/maximum", "is " + maximum + ", less than minimum " + minimum);
        }
        JsonNode description = args.get("description");
        if (description != null && !description.isTextual()) {
            problems.at(at + "/description", "must be a string, found " + JsonChecks.describe(description));
        }
        JsonNode example = args.get("example");
        if (example != null && !fits(example)) {
            problems.at(at + "/example", JsonChecks.describe(example) + " is not of type " + type.fileName());
        }
        return new Field(name, type, required != null && required.asBoolean(), minLength, maxLength,
                description == null ? null : description.asText(), example == null ? null : plain(example),
                minimum, maximum, pattern(), enumValues());
    }

    private Integer length(String key) {
        JsonNode node = args.get(key);
        if (node == null) {
            return null;
        }
        if (type != FieldType.STRING && type != FieldType.LIST && type != FieldType.DICT) {
            problems.at(at + "/" + key, "applies to string, list and dict fields, not " + type.fileName());
        } else if (!node.canConvertToInt() || !node.isIntegralNumber() || node.asInt() < 0) {
            problems.at(at + "/" + key, "must be a whole number of 0 or more, found " + JsonChecks.describe(node));
        } else {
            return node.asInt();
        }
        return null;
    }

    private Number bound(String key) {
        JsonNode node = args.get(key);
        if (node == null) {
            return null;
        }
        if (!type.numeric()) {
            problems.at(at + "/" + key, "applies to integer and number fields, not " + type.fileName());
        } else if (!node.isNumber()) {
            problems.at(at + "/" + key, "must be a number, found " + JsonChecks.describe(node));
        } else {
            return node.numberValue();
        }
        return null;
    }

    private String pattern() {
        JsonNode node = args.get("pattern");
        if (node == null) {
            return null;
        }
        if (type != FieldType.STRING || !node.isTextual()) {
            problems.at(at + "/pattern", "must be a regular expression (a string) on a string field");
            return null;
        }
        try {
            Pattern.compile(node.asText());
            return node.asText();
        } catch (PatternSyntaxException e) {
            problems.at(at + "/pattern", "is not a valid regular expression: " + e.getDescription());
            return null;
        }
    }

    private List<Object> enumValues() {
        JsonNode node = args.get("enum");
        if (node == null) {
            return null;
        }
        if (!node.isArray() || node.isEmpty()) {
            problems.at(at + "/enum", "must be a non-empty list of allowed values, found " + JsonChecks.describe(node));
            return null;
        }
        List<Object> values = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            if (fits(node.get(i))) {
                values.add(plain(node.get(i)));
            } else {
                problems.at(at + "/enum/" + i, JsonChecks.describe(node.get(i)) + " is not of type " + type.fileName());
            }
        }
        return values;
    }

    private boolean fits(JsonNode value) {
        return switch (type) {
            case STRING -> value.isTextual();
            case BOOLEAN -> value.isBoolean();
            case INTEGER -> value.isIntegralNumber();
            case NUMBER -> value.isNumber();
            case DICT -> value.isObject();
            case LIST -> value.isArray();
        };
    }

    private static Object plain(JsonNode value) {
        return MAPPER.convertValue(value, Object.class);
    }
}
