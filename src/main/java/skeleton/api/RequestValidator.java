package skeleton.api;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.oas.OpenApi30;

import skeleton.api.EndpointMap.Model;

/**
 * Validates a request against the JSON Schema of its model (from {@link ModelSchemas}) and reports every problem as
 * a field (a JSON pointer into the request) and a sentence.
 */
public final class RequestValidator {

    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4,
            b -> b.metaSchema(OpenApi30.getInstance()).defaultMetaSchemaIri(OpenApi30.getInstance().getIri()));
    private static final SchemaValidatorsConfig CONFIG = SchemaValidatorsConfig.builder()
            .pathType(PathType.JSON_POINTER).build();

    /** One problem of a request: where ("/id", "" for the whole body) and what. */
    public record Violation(String field, String problem) {
    }

    private final JsonSchema schema;

    public RequestValidator(Model model) {
        this.schema = FACTORY.getSchema(ModelSchemas.of(model), CONFIG);
    }

    /** Every problem of the request, sorted by field; empty when it is valid. */
    public List<Violation> validate(JsonNode request) {
        Set<ValidationMessage> messages = schema.validate(request);
        return messages.stream().map(RequestValidator::violation)
                .sorted(Comparator.comparing(Violation::field).thenComparing(Violation::problem)).toList();
    }

    private static Violation violation(ValidationMessage m) {
        String at = m.getInstanceLocation().toString();
        at = at.equals("/") ? "" : at;
        Object[] args = m.getArguments() == null ? new Object[0] : m.getArguments();
        String first = args.length > 0 ? String.valueOf(args[0]) : "";
        return switch (m.getType()) {
            case "required" -> new Violation(at + "/" + m.getProperty(), "is required");
            case "additionalProperties" -> new Violation(at + "/" + m.getProperty(), "is not a field of this model");
            case "type" -> new Violation(at, "must be " + article(m.getSchemaNode().asText()) + ", found "
                    + (args.length > 0 ? first : "another type"));
            case "minLength" -> new Violation(at, "must be at least " + plural(first, "character"));
            case "maxLength" -> new Violation(at, "must be at most " + plural(first, "character"));
            case "minItems" -> new Violation(at, "must have at least " + plural(first, "item"));
            case "maxItems" -> new Violation(at, "must have at most " + plural(first, "item"));
            case "minProperties" -> new Violation(at, "must have at least " + plural(first, "key"));
            case "maxProperties" -> new Violation(at, "must have at most " + plural(first, "key"));
            case "minimum" -> new Violation(at, "must be at least " + m.getSchemaNode().asText());
            case "maximum" -> new Violation(at, "must be at most " + m.getSchemaNode().asText());
            case "pattern" -> new Violation(at, "must match the pattern " + m.getSchemaNode().asText());
            case "enum" -> new Violation(at, "must be one of " + m.getSchemaNode());
            default -> new Violation(at, m.getMessage() + " " + Arrays.toString(args));
        };
    }

    private static String plural(String count, String noun) {
        return count + " " + noun + ("1".equals(count) ? "" : "s");
    }

    private static String article(String type) {
        return switch (type) {
            case "object" -> "an object (dict)";
            case "array" -> "a list";
            case "integer" -> "an integer";
            default -> "a " + type;
        };
    }
}
