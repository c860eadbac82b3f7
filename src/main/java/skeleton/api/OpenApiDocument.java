package skeleton.api;



import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import skeleton.api.EndpointMap.Endpoint;
import skeleton.api.EndpointMap.Field;
import skeleton.api.EndpointMap.Namespace;

/**
 * Builds the OpenAPI 3.0 document of the endpoint map: one operation per endpoint and method (operationId =
 * operation_name, tag = namespace), the models' schemas from {@link ModelSchemas} (the same nodes that validate
 * requests), every response the routes can give, and the security schemes with the configured OAuth2 URLs.
 */
public final class OpenApiDocument {

    private OpenApiDocument() {
    }

    public static ObjectNode build(EndpointMap map, ApiSettings settings) {
        ObjectNode doc = JsonResponses.MAPPER.createObjectNode();
        doc.put("openapi", "3.0.3");
        ObjectNode info = doc.putObject("info");
        info.put("title", settings.title());
        info.put("version", "1.0");
        info.put("description", "Generated from " + map.source() + ". Each operation lists the schemes it accepts"
                + " (any one suffices) and, in its description, the roles it requires (any one suffices).");
        doc.putArray("servers").addObject().put("url", "/");
        ArrayNode tags = doc.putArray("tags");
        for (Namespace ns : map.namespaces()) {
            tags.addObject().put("name", ns.name()).put("description", ns.description());
        }
        ObjectNode paths = doc.putObject("paths");
        for (Endpoint endpoint : map.endpoints()) {
            ObjectNode path = paths.has(endpoint.path()) ? (ObjectNode) paths.get(endpoint.path())
                    : paths.putObject(endpoint.path());
            for (HttpVerb verb : endpoint.methods()) {
                path.set(verb.lower(), operation(map, endpoint, verb));
            }
        }
        ObjectNode components = doc.putObject("components");
        ObjectNode schemas = components.putObject("schemas");
        map.models().values().stream().sorted((a, b) -> a.name().compareTo(b.name()))
                .forEach(m -> schemas.set(m.name(), ModelSchemas.of(m)));
        schemas.set("Errors", errorsSchema());
        components.set("responses", OpenApiResponses.shared());
        components.set("securitySchemes", securitySchemes(settings));
        return doc;
    }

    private static ObjectNode operation(EndpointMap map, Endpoint endpoint, HttpVerb verb) {
        ObjectNode op = JsonResponses.MAPPER.createObjectNode();
        op.putArray("tags").add(endpoint.namespace());
        op.put("operationId", endpoint.operationId(verb));
        op.put("summary", endpoint.operationName());
        String ref = "#/components/schemas/" + endpoint.modelName();
        if (verb.hasBody()) {
            ObjectNode body = op.putObject("requestBody");
            body.put("required", true);
            body.putObject("content").putObject("application/json").putObject("schema").put("$ref", ref);
        } else {
            ArrayNode parameters = op.putArray("parameters");
            for (Field field : map.model(endpoint.modelName()).fields()) {
                ObjectNode p = parameters.addObject();
                p.put("name", field.name()).put("in", "query").put("required", field.required());
                if (field.description() != null) {
                    p.put("description", field.description());
                }
                p.set("schema", ModelSchemas.of(field));
            }
        }
        op.set("responses", OpenApiResponses.of(verb, !endpoint.apiSecurity().isEmpty()));
        // roles are not OAuth2 scopes (an IAM refuses unknown scopes), so they are named in the description
        ArrayNode security = op.putArray("security");
        endpoint.apiSecurity().forEach(scheme -> security.addObject().putArray(scheme));
        op.put("description", endpoint.apiSecurity().isEmpty() ? "Public: no credentials needed."
                : "Accepts " + String.join(" or ", endpoint.apiSecurity()) + "; "
                + (endpoint.securityRoles().isEmpty() ? "any authenticated caller."
                : "requires one of the roles " + String.join(", ", endpoint.securityRoles()) + "."));
        return op;
    }

    private static ObjectNode errorsSchema() {
        ObjectNode schema = JsonResponses.MAPPER.createObjectNode();
        schema.put("type", "object");
        schema.putArray("required").add("errors");
        ObjectNode props = schema.putObject("properties");
        props.putObject("errorId").put("type", "string").put("description", "on a 500: the id of the error in the log");
        ObjectNode item = props.putObject("errors").put("type", "array").putObject("items");
        item.put("type", "object");
        item.putArray("required").add("field").add("problem");
        item.putObject("properties").set("field", JsonResponses.MAPPER.createObjectNode().put("type", "string")
                .put("description", "JSON pointer of the field, \"\" for the whole request").put("example", "/id"));
        ((ObjectNode) item.get("properties")).putObject("problem").put("type", "string")
                .put("example", "must be at least 1 character");
        return schema;
    }

    private static ObjectNode securitySchemes(ApiSettings settings) {
        ObjectNode schemes = JsonResponses.MAPPER.createObjectNode();
        ObjectNode scopes = JsonResponses.MAPPER.createObjectNode();
        ObjectNode oauth2 = schemes.putObject("oauth2");
        oauth2.put("type", "oauth2");
        ObjectNode flows = oauth2.putObject("flows");
        flows.putObject("authorizationCode").put("authorizationUrl", settings.authUrl())
                .put("tokenUrl", settings.tokenUrl()).set("scopes", scopes);
        flows.putObject("password").put("tokenUrl", settings.tokenUrl()).set("scopes", scopes.deepCopy());
        flows.putObject("clientCredentials").put("tokenUrl", settings.tokenUrl()).set("scopes", scopes.deepCopy());
        schemes.putObject("apikey").put("type", "apiKey").put("in", "header").put("name", settings.apiKeyHeader())
                .put("description", "A key from maps/apikeys.json or API_KEYS (only its SHA-256 is stored there)");
        return schemes;
    }

}
