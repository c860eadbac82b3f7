package skeleton.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ApiHttpIT {

    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = new TestServer(Map.of());
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void spike() throws Exception {
        for (String p : new String[] {"/api", "/api/", "/nope", "/v1/item", "/v1/items?name=pen&count=3", "/openapi.json", "/docs", "/docs/swagger-ui.css", "/observe/health"}) {
            HttpResponse<String> r = server.get(p);
            System.out.println("GET " + p + " -> " + r.statusCode() + " " + r.headers().map() + " " + r.body().substring(0, Math.min(300, r.body().length())));
        }
        HttpResponse<String> r = server.post("/api/", "application/json", "{\"id\":\"1\",\"message\":\"hello world\"}");
        System.out.println("POST /api/ -> " + r.statusCode() + " " + r.headers().map() + " " + r.body());
        r = server.post("/api", "application/json", "{\"id\":\"\",\"extra\":1}");
        System.out.println("POST /api -> " + r.statusCode() + " " + r.body());
        r = server.post("/v1/boom", "application/json", "{\"id\":\"1\",\"message\":\"m\"}");
        System.out.println("POST boom -> " + r.statusCode() + " " + r.body());
        r = server.post("/api", "application/json", "x".repeat(2_000_000));
        System.out.println("POST big -> " + r.statusCode() + " " + r.body());
        assertThat(true).isTrue();
    }
}
