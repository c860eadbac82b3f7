package skeleton.api;

import java.util.List;
import java.util.Map;

/**
 * The parsed and checked content of {@code maps/endpoint.json}: the one model that the validator, the REST routes
 * and the OpenAPI document are all built from, so that they cannot disagree.
 */
public record EndpointMap(String source, List<Namespace> namespaces, Map<String, Model> models, List<Endpoint> endpoints) {

    public EndpointMap {
        namespaces = List.copyOf(namespaces);
        models = Map.copyOf(models);
        endpoints = List.copyOf(endpoints);
    }

    /** A path prefix ({@code api} serves under {@code /api}) and the tag of its operations in the document. */
    public record Namespace(String name, String description) {
    }

    /** A request model: its fields in file order. */
    public record Model(String name, List<Field> fields) {
        public Model {
            fields = List.copyOf(fields);
        }
    }

    /**
     * One field of a model. {@code type} is one of {@link FieldType}; the limits are null when not given.
     * {@code minLength}/{@code maxLength} bound a string's characters, a list's items or a dict's keys.
     */
    public record Field(String name, FieldType type, boolean required, Integer minLength, Integer maxLength,
                        String description, Object example, Number minimum, Number maximum, String pattern,
                        List<Object> enumValues) {
        public Field {
            enumValues = enumValues == null ? null : List.copyOf(enumValues);
        }
    }

    /** The class (or bean name) and method that an endpoint calls with the validated request. */
    public record ExecMethod(String moduleName, String methodName) {
    }

    /** One entry of {@code endpoints}; {@code index} is its position in the file, for error messages. */
    public record Endpoint(int index, String operationName, String namespace, String modelName, List<HttpVerb> methods,
                           String apiUrl, List<String> apiSecurity, List<String> securityRoles, ExecMethod execMethod) {
        public Endpoint {
            methods = List.copyOf(methods);
            apiSecurity = List.copyOf(apiSecurity);
            securityRoles = List.copyOf(securityRoles);
        }

        /** The served path: the namespace as prefix plus {@code api_url}, without a trailing slash. */
        public String path() {
            String url = apiUrl.endsWith("/") ? apiUrl.substring(0, apiUrl.length() - 1) : apiUrl;
            return "/" + namespace + url;
        }

        /** The JSON pointer of this endpoint in the file. */
        public String pointer() {
            return "/endpoints/" + index;
        }

        /** The operationId of one method: the operation name, suffixed by the method when there are several. */
        public String operationId(HttpVerb verb) {
            return methods.size() == 1 ? operationName : operationName + "_" + verb.lower();
        }
    }

    public Model model(String name) {
        return models.get(name);
    }
}
