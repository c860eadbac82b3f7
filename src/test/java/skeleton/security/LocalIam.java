package skeleton.security;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A minimal IAM for the tests, on a real HTTP server (the JDK's): the OpenID configuration of one realm and its
 * JWKS, with keys generated at test time (an RSA and an EC key); counts how often the JWKS is fetched. Any JWK set
 * can also be served at {@code /other/jwks}, as an attacker's server would.
 */
final class LocalIam implements AutoCloseable {

    final RSAKey rsa;
    final ECKey ec;
    final AtomicInteger jwksFetches = new AtomicInteger();
    final AtomicInteger otherFetches = new AtomicInteger();
    private final HttpServer server;
    private volatile JWKSet other = new JWKSet();
    private volatile List<JWK> realmKeys;

    LocalIam() throws Exception {
        this(0);
    }

    /** On this port (0: any free one), as an IAM started after the worker would be. */
    LocalIam(int port) throws Exception {
        rsa = new RSAKeyGenerator(2048).keyID("rsa-1").generate();
        ec = new ECKeyGenerator(Curve.P_256).keyID("ec-1").generate();
        realmKeys = List.of(rsa.toPublicJWK(), ec.toPublicJWK());
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/realms/test/.well-known/openid-configuration", x -> answer(x,
                "{\"issuer\":\"" + issuer() + "\",\"jwks_uri\":\"" + base() + "/realms/test/certs\"}"));
        server.createContext("/realms/test/certs", x -> {
            jwksFetches.incrementAndGet();
            answer(x, new JWKSet(realmKeys).toString());
        });
        server.createContext("/other/jwks", x -> {
            otherFetches.incrementAndGet();
            answer(x, other.toString());
        });
        server.start();
    }

    String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    String issuer() {
        return base() + "/realms/test";
    }

    /** Adds a key to the realm's JWKS, as an IAM rotating its signing key does. */
    void rotateIn(JWK key) {
        List<JWK> keys = new java.util.ArrayList<>(realmKeys);
        keys.add(key.toPublicJWK());
        realmKeys = List.copyOf(keys);
    }

    /** Serves these (public) keys at {@link #otherJwks()}. */
    void serveOther(JWK key) {
        other = new JWKSet(key.toPublicJWK());
    }

    String otherJwks() {
        return base() + "/other/jwks";
    }

    private static void answer(HttpExchange exchange, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
