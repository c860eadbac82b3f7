package skeleton.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.oas.OpenApi30;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.SwaggerParseResult;

/** The served OpenAPI document passes swagger-parser, and its schemas accept and reject what the server does. */
class OpenApiDocumentIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static TestServer server;
    private static String json;

    @BeforeAll
    static void start() throws Exception {
        // the shared endpoints and one accepting oauth2 only
        server = new TestServer(Map.of("TOKEN_URL", "https://iam.example/oauth2/login",
                "AUTH_URL", "https://iam.example/oauth2/authorize", "ENDPOINTS_FILE", "src/test/resources/endpoints/openapi-endpoint.json"));
        json = server.get("/openapi.json").body();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void the_json_and_yaml_documents_are_valid_openapi_3() throws Exception {
        String yaml = server.get("/openapi.yaml").body();

        for (String text : List.of(json, yaml)) {
            SwaggerParseResult result = new OpenAPIV3Parser().readContents(text, null, null);
            assertThat(result.getMessages()).isEmpty();
            assertThat(result.getOpenAPI().getOpenapi()).isEqualTo("3.0.3");
            assertThat(result.getOpenAPI().getInfo().getVersion()).isEqualTo("1.0");
        }
    }

    @Test
    void every_operation_is_described_with_its_id_tag_schema_and_responses() {
        OpenAPI api = new OpenAPIV3Parser().readContents(json, null, null).getOpenAPI();

        Operation input = api.getPaths().get("/api").getPost();
        assertThat(input.getOperationId()).isEqualTo("input");
        assertThat(input.getTags()).containsExactly("api");
        assertThat(input.getRequestBody().getContent().get("application/json").getSchema().get$ref())
                .isEqualTo("#/components/schemas/model");
        assertThat(input.getResponses().keySet()).containsExactly("200", "400", "401", "403", "413", "415", "500");
        assertThat(input.getSecurity()).hasSize(2);
        assertThat(api.getPaths().get("/v1/items").getGet().getOperationId()).isEqualTo("items_get");
        assertThat(api.getPaths().get("/v1/items").getGet().getParameters())
                .extracting(p -> p.getName() + ":" + p.getIn() + ":" + p.getRequired())
                .contains("name:query:true", "count:query:false");
        assertThat(api.getPaths().get("/v1/items").getPost().getOperationId()).isEqualTo("items_post");
        assertThat(api.getTags()).extracting(t -> t.getName()).containsExactly("api", "v1");
    }

    @Test
    void the_model_schema_keeps_types_lengths_descriptions_and_examples() {
        OpenAPI api = new OpenAPIV3Parser().readContents(json, null, null).getOpenAPI();

        var model = api.getComponents().getSchemas().get("model");
        assertThat(model.getRequired()).containsExactly("id", "message");
        var id = (io.swagger.v3.oas.models.media.Schema<?>) model.getProperties().get("id");
        assertThat(id.getType()).isEqualTo("string");
        assertThat(id.getMinLength()).isEqualTo(1);
        assertThat(id.getDescription()).isEqualTo("id");
        assertThat(id.getExample()).isEqualTo("123");
    }

    @Test
    void security_schemes_carry_the_configured_urls_and_the_api_key_header() {
        OpenAPI api = new OpenAPIV3Parser().readContents(json, null, null).getOpenAPI();

        var schemes = api.getComponents().getSecuritySchemes();
        assertThat(schemes.get("oauth2").getFlows().getAuthorizationCode().getTokenUrl())
                .isEqualTo("https://iam.example/oauth2/login");
        assertThat(schemes.get("oauth2").getFlows().getAuthorizationCode().getAuthorizationUrl())
                .isEqualTo("https://iam.example/oauth2/authorize");
        assertThat(schemes.get("oauth2").getFlows().getClientCredentials().getTokenUrl())
                .isEqualTo("https://iam.example/oauth2/login");
        // roles are not OAuth2 scopes: an IAM refuses scopes it does not know
        assertThat(schemes.get("oauth2").getFlows().getAuthorizationCode().getScopes()).isEmpty();
        assertThat(schemes.get("apikey").getName()).isEqualTo("X-API-Key");
    }

    @Test
    void each_operation_lists_its_schemes_and_names_its_roles() {
        OpenAPI api = new OpenAPIV3Parser().readContents(json, null, null).getOpenAPI();

        var input = api.getPaths().get("/api").getPost();
        var items = api.getPaths().get("/v1/items").getGet();
        var reports = api.getPaths().get("/v1/reports").getGet();
        var item = api.getPaths().get("/v1/item").getPut();

        assertThat(input.getSecurity()).containsExactly(new SecurityRequirement().addList("oauth2"),
                new SecurityRequirement().addList("apikey"));
        assertThat(input.getDescription()).isEqualTo("Accepts oauth2 or apikey; any authenticated caller.");
        assertThat(reports.getSecurity()).containsExactly(new SecurityRequirement().addList("oauth2"));
        assertThat(reports.getDescription()).isEqualTo("Accepts oauth2; requires one of the roles reader.");
        assertThat(reports.getResponses()).containsKeys("401", "403");
        assertThat(items.getDescription()).isEqualTo("Accepts oauth2 or apikey; requires one of the roles reader.");
        assertThat(item.getSecurity()).isEmpty();
        assertThat(item.getDescription()).isEqualTo("Public: no credentials needed.");
        assertThat(item.getResponses()).doesNotContainKeys("401", "403");
    }

    static Stream<Arguments> bodies() {
        return Stream.of(
                Arguments.of(true, "/api", "model", "{\"id\":\"123\",\"message\":\"message\"}"),
                Arguments.of(false, "/api", "model", "{\"id\":\"\",\"message\":\"m\"}"),
                Arguments.of(false, "/api", "model", "{\"id\":\"1\"}"),
                Arguments.of(false, "/api", "model", "{\"id\":\"1\",\"message\":\"m\",\"more\":true}"),
                Arguments.of(false, "/api", "model", "{\"id\":1,\"message\":\"m\"}"),
                Arguments.of(true, "/v1/items", "item", "{\"name\":\"pen\",\"count\":3,\"kind\":\"toy\",\"code\":\"ABC\"}"),
                Arguments.of(false, "/v1/items", "item", "{\"name\":\"pen\",\"count\":-1}"),
                Arguments.of(false, "/v1/items", "item", "{\"name\":\"pen\",\"code\":\"abc\"}"),
                Arguments.of(true, "/v1/items", "item", "{\"name\":\"pen\",\"tags\":[1],\"meta\":{\"a\":1},\"price\":2.5}"),
                Arguments.of(false, "/v1/items", "item", "{\"name\":\"" + "n".repeat(21) + "\"}"));
    }

    @ParameterizedTest(name = "{1} {3} valid={0}")
    @MethodSource("bodies")
    void the_documented_schema_accepts_exactly_what_the_server_accepts(boolean valid, String path, String model, String body)
            throws Exception {
        JsonNode schema = JSON.readTree(json).at("/components/schemas/" + model);
        var validator = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4,
                b -> b.metaSchema(OpenApi30.getInstance()).defaultMetaSchemaIri(OpenApi30.getInstance().getIri()))
                .getSchema(schema);

        boolean documentedValid = validator.validate(JSON.readTree(body)).isEmpty();
        assertThat(documentedValid).as("the document's verdict").isEqualTo(valid);
        HttpResponse<String> response = server.post(path, "application/json", body);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(documentedValid ? 200 : 400);
    }
}
