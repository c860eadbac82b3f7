package skeleton.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import skeleton.testing.LogCapture;

/**
 * Every status of the API over HTTPS with a real client, against the endpoints of test-endpoint.json, security on
 * (the test server's key).
 */
class ApiHttpIT {

    private static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = new TestServer(Map.of("MAX_BODY_BYTES", "4096", "MAX_JSON_DEPTH", "5"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void post_to_the_demo_endpoint_runs_the_worker_processor() throws Exception {
        HttpResponse<String> response = server.post("/api/", "application/json", "{\"id\":\"1\",\"message\":\"hello api world\"}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(response.body()).isEqualTo(
                "{\"id\":\"1\",\"content\":{\"message\":\"hello api world\",\"path\":[\"api:input\"]},\"topics\":[]}");
    }

    @Test
    void the_namespace_path_works_with_and_without_trailing_slash() throws Exception {
        assertThat(server.post("/api", "application/json", "{\"id\":\"1\",\"message\":\"m\"}").statusCode()).isEqualTo(200);
        assertThat(server.post("/api/", "application/json", "{\"id\":\"1\",\"message\":\"m\"}").statusCode()).isEqualTo(200);
    }

    @Test
    void an_invalid_body_gets_400_with_every_problem() throws Exception {
        HttpResponse<String> response = server.post("/api", "application/json", "{\"id\":\"\",\"extra\":1}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).isEqualTo("{\"errors\":["
                + "{\"field\":\"/extra\",\"problem\":\"is not a field of this model\"},"
                + "{\"field\":\"/id\",\"problem\":\"must be at least 1 character\"},"
                + "{\"field\":\"/message\",\"problem\":\"is required\"}]}");
    }

    @Test
    void wrong_types_limits_enum_and_pattern_are_reported_per_field() throws Exception {
        HttpResponse<String> response = server.post("/v1/items", "application/json",
                "{\"name\":5,\"count\":101,\"price\":-1,\"kind\":\"car\",\"code\":\"ab\",\"tags\":[1,2,3,4]}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).isEqualTo("{\"errors\":["
                + "{\"field\":\"/code\",\"problem\":\"must match the pattern ^[A-Z]{3}$\"},"
                + "{\"field\":\"/count\",\"problem\":\"must be at most 100\"},"
                + "{\"field\":\"/kind\",\"problem\":\"must be one of [\\\"tool\\\",\\\"toy\\\"]\"},"
                + "{\"field\":\"/name\",\"problem\":\"must be a string, found integer\"},"
                + "{\"field\":\"/price\",\"problem\":\"must be at least 0\"},"
                + "{\"field\":\"/tags\",\"problem\":\"must have at most 3 items\"}]}");
    }

    @Test
    void malformed_json_gets_400() throws Exception {
        HttpResponse<String> response = server.post("/api", "application/json", "{\"id\": \"1\",");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).startsWith("{\"errors\":[{\"field\":\"\",\"problem\":\"malformed JSON at line 1");
    }

    @Test
    void a_body_that_is_not_an_object_gets_400() throws Exception {
        HttpResponse<String> response = server.post("/api", "application/json", "[1,2]");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("the body must be a JSON object, found a list");
    }

    @Test
    void nesting_deeper_than_the_limit_gets_400() throws Exception {
        String deep = "{\"name\":\"n\",\"meta\":{\"a\":{\"b\":{\"c\":{\"d\":{\"e\":1}}}}}}";

        HttpResponse<String> response = server.post("/v1/items", "application/json", deep);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("the JSON is nested deeper than 5 levels");
    }

    @Test
    void a_wrong_content_type_gets_415() throws Exception {
        HttpResponse<String> response = server.post("/api", "text/plain", "{\"id\":\"1\",\"message\":\"m\"}");

        assertThat(response.statusCode()).isEqualTo(415);
        assertThat(response.body()).contains("Content-Type \\\"text/plain\\\" is not supported; send application/json");
    }

    @Test
    void a_body_over_the_limit_gets_413() throws Exception {
        HttpResponse<String> response = server.post("/api", "application/json",
                "{\"id\":\"1\",\"message\":\"" + "x".repeat(5000) + "\"}");

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.body()).contains("larger than the limit of 4096 bytes (MAX_BODY_BYTES)");
    }

    @Test
    void a_wrong_method_gets_405_and_an_unknown_path_404_both_json() throws Exception {
        HttpResponse<String> wrongMethod = server.get("/api");
        HttpResponse<String> unknown = server.get("/nowhere");

        assertThat(wrongMethod.statusCode()).isEqualTo(405);
        assertThat(wrongMethod.body()).isEqualTo("{\"errors\":[{\"field\":\"\",\"problem\":\"GET is not served at /api\"}]}");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(unknown.body()).isEqualTo("{\"errors\":[{\"field\":\"\",\"problem\":\"no endpoint at /nowhere\"}]}");
    }

    @Test
    void a_method_that_throws_gets_500_with_an_error_id_that_is_in_the_log() throws Exception {
        try (LogCapture log = new LogCapture(ServerErrorResponder.class)) {
            HttpResponse<String> response = server.post("/v1/boom", "application/json", "{\"id\":\"1\",\"message\":\"m\"}");

            assertThat(response.statusCode()).isEqualTo(500);
            String errorId = response.body().replaceAll(".*\"errorId\":\"([^\"]+)\".*", "$1");
            assertThat(errorId).matches("[0-9a-f-]{36}");
            assertThat(response.body()).doesNotContain("secret detail").doesNotContain("Exception").doesNotContain("at skeleton");
            assertThat(log.events()).anySatisfy(e -> {
                assertThat(e.getFormattedMessage()).contains(errorId);
                assertThat(e.getThrowableProxy().getMessage()).isEqualTo("secret detail that must stay in the log");
            });
        }
    }

    @Test
    void get_takes_the_model_fields_as_typed_query_parameters() throws Exception {
        HttpResponse<String> response = server.get("/v1/items?name=pen&count=3&price=1.5&active=true&tags=a&tags=b"
                + "&meta=%7B%22k%22%3A1%7D");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"operation\":\"items\",\"caller\":\"tester\",\"request\":{\"name\":\"pen\","
                + "\"count\":3,\"price\":1.5,\"active\":true,\"tags\":[\"a\",\"b\"],\"meta\":{\"k\":1}}}");
    }

    @Test
    void bad_or_unknown_query_parameters_get_400() throws Exception {
        HttpResponse<String> response = server.get("/v1/items?count=abc&color=red");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).isEqualTo("{\"errors\":["
                + "{\"field\":\"/color\",\"problem\":\"is not a field of this model\"},"
                + "{\"field\":\"/count\",\"problem\":\"must be an integer, found string\"},"
                + "{\"field\":\"/name\",\"problem\":\"is required\"}]}");
    }

    @Test
    void one_endpoint_serves_two_methods() throws Exception {
        HttpResponse<String> get = server.get("/v1/items?name=pen");
        HttpResponse<String> post = server.post("/v1/items", "application/json", "{\"name\":\"pen\",\"count\":2}");

        assertThat(get.statusCode()).isEqualTo(200);
        assertThat(post.statusCode()).isEqualTo(200);
        assertThat(post.body()).isEqualTo("{\"operation\":\"items\",\"caller\":\"tester\",\"request\":{\"name\":\"pen\",\"count\":2}}");
    }

    @Test
    void put_and_delete_call_a_bean_by_name() throws Exception {
        HttpResponse<String> put = server.send(HttpRequest.newBuilder(server.uri("/v1/item"))
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString("{\"name\":\"cup\"}")));
        HttpResponse<String> delete = server.send(HttpRequest.newBuilder(server.uri("/v1/item?name=cup")).DELETE());

        assertThat(put.statusCode()).isEqualTo(200);
        assertThat(put.body()).contains("\"operation\":\"item\"", "\"name\":\"cup\"");
        assertThat(delete.statusCode()).isEqualTo(200);
        assertThat(delete.body()).contains("\"request\":{\"name\":\"cup\"}");
    }

    @Test
    void request_headers_are_not_echoed_in_the_response() throws Exception {
        HttpResponse<String> response = server.send(HttpRequest.newBuilder(server.uri("/v1/items?name=pen"))
                .header("X-API-Key", TestServer.TEST_KEY).header("X-Trace", "secret-trace").GET());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"name\":\"pen\"");
        assertThat(response.headers().map().keySet()).doesNotContain("x-api-key", "x-trace", "name");
    }

    @Test
    void health_is_up_at_observe_health() throws Exception {
        HttpResponse<String> response = server.get("/observe/health");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"status\":\"UP\"");
        assertThat(server.get("/observe/health?exposureLevel=full").body()).contains("\"name\":\"route:api-input-post\"");
    }
}
