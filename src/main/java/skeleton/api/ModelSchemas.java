package skeleton.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import skeleton.api.EndpointMap.Field;
import skeleton.api.EndpointMap.Model;

/**
 * Turns a model of the endpoint map into a JSON Schema in the OpenAPI 3.0 dialect. The same node validates requests
 * and is published under {@code components/schemas} in the OpenAPI document.
 */
public final class ModelSchemas {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ModelSchemas() {
    }

    /** An object schema: the fields as properties, the required ones listed, no other property allowed. */
    public static ObjectNode of(Model model) {
        ObjectNode schema = MAPPER.createObjectNode();
        schema.put("type", "object");
        schema.put("title", model.name());
        ObjectNode properties = schema.putObject("properties");
        ArrayNode required = MAPPER.createArrayNode();
        for (Field field : model.fields()) {
            properties.set(field.name(), of(field));
            if (field.required()) {
                required.add(field.name());
            }
        }
        if (!required.isEmpty()) {
            schema.set("required", required);
        }
        schema.put("additionalProperties", false);
        return schema;
    }

    /** The schema of one field: its type, limits, description and example. */
    public static ObjectNode of(Field field) {
        ObjectNode schema = MAPPER.createObjectNode();
        schema.put("type", field.type().schemaType());
        if (field.type() == FieldType.LIST) {
            schema.putObject("items");
        }
        String[] lengthKeys = switch (field.type()) {
            case LIST -> new String[] {"minItems", "maxItems"};
            case DICT -> new String[] {"minProperties", "maxProperties"};
            default -> new String[] {"minLength", "maxLength"};
        };
        if (field.minLength() != null) {
            schema.put(lengthKeys[0], field.minLength());
        }
        if (field.maxLength() != null) {
            schema.put(lengthKeys[1], field.maxLength());
        }
        if (field.minimum() != null) {
            schema.set("minimum", MAPPER.valueToTree(field.minimum()));
        }
        if (field.maximum() != null) {
            schema.set("maximum", MAPPER.valueToTree(field.maximum()));
        }
        if (field.pattern() != null) {
            schema.put("pattern", field.pattern());
        }
        if (field.enumValues() != null) {
            schema.set("enum", MAPPER.valueToTree(field.enumValues()));
        }
        if (field.description() != null) {
            schema.put("description", field.description());
        }
        if (field.example() != null) {
            schema.set("example", MAPPER.valueToTree(field.example()));
        }
        return schema;
    }
}
