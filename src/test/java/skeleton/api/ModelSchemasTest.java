package skeleton.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import skeleton.api.EndpointMap.Model;
import skeleton.api.RequestValidator.Violation;

class ModelSchemasTest {

    private static final EndpointMap TEST_MAP = new EndpointMapParser().parse(
            Path.of("src/test/resources/endpoints/test-endpoint.json"), "test-endpoint.json");

    @Test
    void the_demo_model_becomes_a_closed_object_schema() {
        Model model = new EndpointMapParser().parse(Path.of("maps/endpoint.json"), "maps/endpoint.json").model("model");

        assertThat(ModelSchemas.of(model).toString()).isEqualTo("{\"type\":\"object\",\"title\":\"model\",\"properties\":{"
                + "\"id\":{\"type\":\"string\",\"minLength\":1,\"description\":\"id\",\"example\":\"123\"},"
                + "\"message\":{\"type\":\"string\",\"minLength\":1,\"description\":\"message\",\"example\":\"message\"}},"
                + "\"required\":[\"id\",\"message\"],\"additionalProperties\":false}");
    }

    @Test
    void every_type_and_arg_maps_to_its_json_schema_keyword() {
        String properties = ModelSchemas.of(TEST_MAP.model("item")).get("properties").toString();

        assertThat(properties).isEqualTo("{"
                + "\"name\":{\"type\":\"string\",\"minLength\":1,\"maxLength\":20,\"example\":\"pen\"},"
                + "\"count\":{\"type\":\"integer\",\"minimum\":0,\"maximum\":100,\"example\":3},"
                + "\"price\":{\"type\":\"number\",\"minimum\":0,\"description\":\"unit price\"},"
                + "\"active\":{\"type\":\"boolean\"},"
                + "\"kind\":{\"type\":\"string\",\"enum\":[\"tool\",\"toy\"]},"
                + "\"code\":{\"type\":\"string\",\"pattern\":\"^[A-Z]{3}$\"},"
                + "\"tags\":{\"type\":\"array\",\"items\":{},\"maxItems\":3},"
                + "\"meta\":{\"type\":\"object\"}}");
    }

    @Test
    void the_validator_names_each_field_and_problem() throws Exception {
        RequestValidator validator = new RequestValidator(TEST_MAP.model("item"));

        var violations = validator.validate(new ObjectMapper().readTree(
                "{\"count\":\"3\",\"active\":1,\"meta\":[],\"other\":null}"));

        assertThat(violations).containsExactly(
                new Violation("/active", "must be a boolean, found integer"),
                new Violation("/count", "must be an integer, found string"),
                new Violation("/meta", "must be an object (dict), found array"),
                new Violation("/name", "is required"),
                new Violation("/other", "is not a field of this model"));
    }
}
