package bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;

/** A REST case's check of its own output: one POST must answer 200 with the expected JSON. */
final class AnswerCheck {

    private static final ObjectMapper JSON = new ObjectMapper();

    private AnswerCheck() {
    }

    static String post(String url, String body, String expected, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json");
        headers.forEach(request::header);
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                request.POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            return "WRONG: status " + response.statusCode() + " " + response.body();
        }
        return JSON.readTree(response.body()).equals(JSON.readTree(expected)) ? "ok" : "WRONG: answer " + response.body();
    }
}
