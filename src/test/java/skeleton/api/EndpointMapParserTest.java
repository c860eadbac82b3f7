package skeleton.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import skeleton.config.ConfigException;
import skeleton.api.EndpointMap.Endpoint;

class EndpointMapParserTest {

    private static final String MODELS = """
            "models": {"model": {"id": {"type": "string", "args": {"required": true, "min_length": 1}}}}""";
    private static final String NAMESPACES = "\"namespaces\": [{\"name\": \"api\", \"description\": \"api\"}]";

    private static String endpoint(String override) {
        return "{" + NAMESPACES + ", " + MODELS + ", \"endpoints\": [{\"operation_name\": \"input\", \"namespace\": \"api\","
                + " \"model_name\": \"model\", \"request_method\": [\"post\"], \"api_url\": \"/\","
                + " \"api_security\": null, \"security_roles\": null,"
                + " \"exec_method\": {\"module_name\": \"routes.WorkerApi\", \"method_name\": \"process\"}" + override + "}]}";
    }

    static Stream<Arguments> badFiles() {
        return Stream.of(
                Arguments.of("not JSON", "{\"namespaces\": [",
                        "maps/endpoint.json: not valid JSON at line 1, column 17: Unexpected end-of-input: expected close marker for Array"),
                Arguments.of("unknown top key", "{" + NAMESPACES + ", " + MODELS + ", \"endpoints\": [], \"extra\": 1}",
                        "maps/endpoint.json /extra: unknown key \"extra\"; known: endpoints, models, namespaces"),
                Arguments.of("unknown model", endpoint(", \"model_name\": \"mdl\"").replace("\"model_name\": \"model\", ", ""),
                        "maps/endpoint.json /endpoints/0/model_name: no model \"mdl\"; known: model"),
                Arguments.of("unknown namespace", endpoint("").replace("\"namespace\": \"api\"", "\"namespace\": \"v2\""),
                        "maps/endpoint.json /endpoints/0/namespace: no namespace \"v2\"; known: api"),
                Arguments.of("unknown endpoint key", endpoint(", \"methods\": []"),
                        "maps/endpoint.json /endpoints/0/methods: unknown key \"methods\"; known: api_security, api_url, "
                                + "exec_method, model_name, namespace, operation_name, request_method, security_roles"),
                Arguments.of("bad method", endpoint("").replace("[\"post\"]", "[\"patch\"]"),
                        "maps/endpoint.json /endpoints/0/request_method/0: unknown method a string \"patch\"; known: post, get, put, delete"),
                Arguments.of("no exec_method", endpoint("").replace(
                                ", \"exec_method\": {\"module_name\": \"routes.WorkerApi\", \"method_name\": \"process\"}", ""),
                        "maps/endpoint.json /endpoints/0/exec_method: is required: {\"module_name\": class or bean, \"method_name\": method}"),
                Arguments.of("bad security", endpoint("").replace("\"api_security\": null", "\"api_security\": [\"jwt\"]"),
                        "maps/endpoint.json /endpoints/0/api_security/0: unknown scheme \"jwt\"; known: apikey, oauth2"),
                Arguments.of("bad url", endpoint("").replace("\"api_url\": \"/\"", "\"api_url\": \"items\""),
                        "maps/endpoint.json /endpoints/0/api_url: \"items\" is not a path starting with / (letters, digits, _ . ~ -)"),
                Arguments.of("unknown type", endpoint("").replace("\"type\": \"string\"", "\"type\": \"str\""),
                        "maps/endpoint.json /models/model/id/type: unknown type \"str\"; known: string, boolean, integer, number, dict, list"),
                Arguments.of("unknown arg", endpoint("").replace("\"min_length\": 1", "\"minLength\": 1"),
                        "maps/endpoint.json /models/model/id/args/minLength: unknown key \"minLength\"; known: description, "
                                + "enum, example, max_length, maximum, min_length, minimum, pattern, required"),
                Arguments.of("limit on wrong type", endpoint("").replace("\"min_length\": 1", "\"minimum\": 1"),
                        "maps/endpoint.json /models/model/id/args/minimum: applies to integer and number fields, not string"),
                Arguments.of("example of wrong type", endpoint("").replace("\"min_length\": 1", "\"example\": 5"),
                        "maps/endpoint.json /models/model/id/args/example: an integer 5 is not of type string"),
                Arguments.of("bad regex", endpoint("").replace("\"min_length\": 1", "\"pattern\": \"[a-\""),
                        "maps/endpoint.json /models/model/id/args/pattern: is not a valid regular expression: Illegal character range"),
                Arguments.of("min over max", endpoint("").replace("\"min_length\": 1", "\"min_length\": 5, \"max_length\": 2"),
                        "maps/endpoint.json /models/model/id/args/max_length: is 2, less than min_length 5"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badFiles")
    void reports_the_problem_with_file_and_pointer(String name, String json, String expected) {
        assertThatThrownBy(() -> new EndpointMapParser().parse(json, "maps/endpoint.json"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("invalid endpoint map (1 problem):\n  - " + expected);
    }

    @Test
    void reports_every_problem_at_once() {
        String json = endpoint("").replace("\"model_name\": \"model\"", "\"model_name\": \"mdl\"")
                .replace("\"namespace\": \"api\"", "\"namespace\": \"v2\"").replace("\"type\": \"string\"", "\"type\": 3");
        assertThatThrownBy(() -> new EndpointMapParser().parse(json, "maps/endpoint.json"))
                .hasMessageContaining("(3 problems)")
                .hasMessageContaining("/models/model/id/type: must be a non-empty string, found an integer 3")
                .hasMessageContaining("/endpoints/0/namespace: no namespace \"v2\"")
                .hasMessageContaining("/endpoints/0/model_name: no model \"mdl\"");
    }

    @Test
    void reports_two_endpoints_on_the_same_path_and_method() {
        String one = endpoint("");
        String json = one.replace("}]}", "}, " + one.substring(one.indexOf("\"endpoints\": [") + 14, one.length() - 2)
                .replace("\"input\"", "\"again\"") + "]}");
        assertThatThrownBy(() -> new EndpointMapParser().parse(json, "maps/endpoint.json"))
                .hasMessageContaining("/endpoints/1/request_method: POST /api is already served by /endpoints/0");
    }

    @Test
    void reads_the_shipped_demo_map() {
        EndpointMap map = new EndpointMapParser().parse(Path.of("maps/endpoint.json"), "maps/endpoint.json");
        Endpoint input = map.endpoints().get(0);
        assertThat(input.operationName()).isEqualTo("input");
        assertThat(input.path()).isEqualTo("/api");
        assertThat(input.methods()).containsExactly(HttpVerb.POST);
        assertThat(input.apiSecurity()).containsExactly("oauth2", "apikey");
        assertThat(input.securityRoles()).isEmpty();
        assertThat(input.execMethod().moduleName()).isEqualTo("routes.WorkerApi");
        assertThat(map.model("model").fields()).extracting(EndpointMap.Field::name).containsExactly("id", "message");
    }

    @Test
    void names_a_missing_file_and_the_setting_to_change() {
        assertThatThrownBy(() -> new EndpointMapParser().parse(Path.of("nowhere/endpoint.json"), "nowhere/endpoint.json"))
                .hasMessageContaining("nowhere/endpoint.json: file not found").hasMessageContaining("set ENDPOINTS_FILE");
    }
}
