package skeleton.security;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads a realm's OpenID configuration ({@code <realm>/.well-known/openid-configuration}) for the two values the
 * token check needs: the issuer and the JWKS URL. The JWKS URL comes from this document only, never from a token.
 */
final class OidcDiscovery {

    /** The issuer that tokens carry and the URL of the realm's signing keys. */
    record Iam(String issuer, URI jwks) {
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private OidcDiscovery() {
    }

    static Iam discover(URI realm, Duration timeout) throws IOException {
        URI configuration = URI.create(realm + "/.well-known/openid-configuration");
        HttpClient client = HttpClient.newBuilder().connectTimeout(timeout).build();
        HttpResponse<String> response;
        try {
            response = client.send(HttpRequest.newBuilder(configuration).timeout(timeout).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while reading " + configuration, e);
        }
        if (response.statusCode() != 200) {
            throw new IOException(configuration + " answered " + response.statusCode());
        }
        JsonNode document = MAPPER.readTree(response.body());
        String issuer = document.path("issuer").asText("");
        String jwks = document.path("jwks_uri").asText("");
        if (issuer.isEmpty() || !jwks.matches("https?://\\S+")) {
            throw new IOException(configuration + " has no issuer or no http(s) jwks_uri");
        }
        return new Iam(issuer, URI.create(jwks));
    }
}
