package skeleton.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import skeleton.config.Problems;
import skeleton.api.EndpointMap.Endpoint;
import skeleton.api.EndpointMap.ExecMethod;
import skeleton.api.EndpointMap.Model;
import skeleton.api.EndpointMap.Namespace;

/** Checks one entry of {@code endpoints}, reporting each problem at its JSON pointer. */
record EndpointChecker(Problems problems, String at, List<Namespace> namespaces, Map<String, Model> models) {

    private static final Set<String> ENDPOINT_KEYS = Set.of("operation_name", "namespace", "model_name",
            "request_method", "api_url", "api_security", "security_roles", "exec_method");
    private static final Set<String> EXEC_KEYS = Set.of("module_name", "method_name");
    private static final Set<String> SECURITY = Set.of("oauth2", "apikey");
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]+");
    private static final Pattern URL = Pattern.compile("/([A-Za-z0-9_.~-]+(/[A-Za-z0-9_.~-]+)*/?)?");

    Endpoint check(int index, JsonNode node) {
        if (!JsonChecks.object(problems, node, at, ENDPOINT_KEYS)) {
            return null;
        }
        int before = problems.list().size();
        String operation = JsonChecks.requiredString(problems, node, "operation_name", at);
        if (operation != null && !NAME.matcher(operation).matches()) {
            problems.at(at + "/operation_name", "\"" + operation + "\" may hold only letters, digits, _ . -");
        }
        String namespace = JsonChecks.requiredString(problems, node, "namespace", at);
        if (namespace != null && namespaces.stream().noneMatch(n -> n.name().equals(namespace))) {
            problems.at(at + "/namespace", "no namespace \"" + namespace + "\"; known: "
                    + String.join(", ", namespaces.stream().map(Namespace::name).toList()));
        }
        String model = JsonChecks.requiredString(problems, node, "model_name", at);
        if (model != null && !models.containsKey(model)) {
            problems.at(at + "/model_name", "no model \"" + model + "\"; known: "
                    + String.join(", ", models.keySet().stream().sorted().toList()));
        }
        List<HttpVerb> methods = methods(node);
        String url = JsonChecks.requiredString(problems, node, "api_url", at);
        if (url != null && !URL.matcher(url).matches()) {
            problems.at(at + "/api_url", "\"" + url + "\" is not a path starting with / (letters, digits, _ . ~ -)");
        }
        List<String> security = JsonChecks.stringList(problems, node, "api_security", at);
        for (int i = 0; i < security.size(); i++) {
            if (!SECURITY.contains(security.get(i))) {
                problems.at(at + "/api_security/" + i, "unknown scheme \"" + security.get(i) + "\"; known: apikey, oauth2");
            }
        }
        List<String> roles = JsonChecks.stringList(problems, node, "security_roles", at);
        ExecMethod exec = exec(node.get("exec_method"));
        boolean ok = problems.list().size() == before;
        return ok ? new Endpoint(index, operation, namespace, model, methods, url, security, roles, exec) : null;
    }

    private List<HttpVerb> methods(JsonNode node) {
        JsonNode list = node.get("request_method");
        List<HttpVerb> out = new ArrayList<>();
        if (list == null || !list.isArray() || list.isEmpty()) {
            problems.at(at + "/request_method", "must be a non-empty list of post, get, put, delete, found "
                    + JsonChecks.describe(list));
            return out;
        }
        for (int i = 0; i < list.size(); i++) {
            String name = list.get(i).asText("");
            HttpVerb verb = HttpVerb.fromFile(name).orElse(null);
            if (verb == null || !list.get(i).isTextual()) {
                problems.at(at + "/request_method/" + i, "unknown method " + JsonChecks.describe(list.get(i))
                        + "; known: post, get, put, delete");
            } else if (out.contains(verb)) {
                problems.at(at + "/request_method/" + i, "method \"" + name + "\" is listed twice");
            } else {
                out.add(verb);
            }
        }
        return out;
    }

    private ExecMethod exec(JsonNode node) {
        String execAt = at + "/exec_method";
        if (node == null || node.isNull()) {
            problems.at(execAt, "is required: {\"module_name\": class or bean, \"method_name\": method}");
            return null;
        }
        if (!JsonChecks.object(problems, node, execAt, EXEC_KEYS)) {
            return null;
        }
        String module = JsonChecks.requiredString(problems, node, "module_name", execAt);
        String method = JsonChecks.requiredString(problems, node, "method_name", execAt);
        return module == null || method == null ? null : new ExecMethod(module, method);
    }

    /** Reports an operation name or a method and path that an earlier endpoint already has. */
    static void checkUnique(Problems problems, Map<String, String> seen, Endpoint endpoint) {
        String previous = seen.putIfAbsent("op " + endpoint.operationName(), endpoint.pointer());
        if (previous != null) {
            problems.at(endpoint.pointer() + "/operation_name", "operation \"" + endpoint.operationName()
                    + "\" is already used by " + previous);
        }
        for (HttpVerb verb : endpoint.methods()) {
            String other = seen.putIfAbsent(verb + " " + endpoint.path(), endpoint.pointer());
            if (other != null) {
                problems.at(endpoint.pointer() + "/request_method", verb + " " + endpoint.path()
                        + " is already served by " + other);
            }
        }
    }
}
