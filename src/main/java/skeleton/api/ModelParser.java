package skeleton.api;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import skeleton.config.Problems;
import skeleton.api.EndpointMap.Field;
import skeleton.api.EndpointMap.Model;

/** Checks the {@code models} section: each model's fields, their types and their {@code args}. */
final class ModelParser {

    private static final Set<String> FIELD_KEYS = Set.of("type", "args");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Problems problems;

    ModelParser(Problems problems) {
        this.problems = problems;
    }

    Map<String, Model> models(JsonNode node) {
        Map<String, Model> out = new LinkedHashMap<>();
        if (node == null || !node.isObject() || node.isEmpty()) {
            problems.at("/models", "must be a non-empty object of model name to fields, found " + JsonChecks.describe(node));
            return out;
        }
        node.fields().forEachRemaining(e -> {
            String at = "/models/" + JsonChecks.key(e.getKey());
            if (!e.getValue().isObject()) {
                problems.at(at, "must be an object of field name to {\"type\", \"args\"}, found "
                        + JsonChecks.describe(e.getValue()));
                return;
            }
            List<Field> fields = new ArrayList<>();
            Iterator<Map.Entry<String, JsonNode>> it = e.getValue().fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> f = it.next();
                Field field = field(f.getKey(), f.getValue(), at + "/" + JsonChecks.key(f.getKey()));
                if (field != null) {
                    fields.add(field);
                }
            }
            out.put(e.getKey(), new Model(e.getKey(), fields));
        });
        return out;
    }

    private Field field(String name, JsonNode node, String at) {
        if (!JsonChecks.object(problems, node, at, FIELD_KEYS)) {
            return null;
        }
        String typeName = JsonChecks.requiredString(problems, node, "type", at);
        FieldType type = typeName == null ? null : FieldType.fromFile(typeName).orElse(null);
        if (typeName != null && type == null) {
            problems.at(at + "/type", "unknown type \"" + typeName + "\"; known: " + FieldType.known());
        }
        JsonNode args = node.get("args");
        if (args == null || args.isNull()) {
            args = MAPPER.createObjectNode();
        }
        if (!JsonChecks.object(problems, args, at + "/args", FieldArgsChecker.KEYS) || type == null) {
            return null;
        }
        return new FieldArgsChecker(problems, at + "/args", type, args).field(name);
    }
}
