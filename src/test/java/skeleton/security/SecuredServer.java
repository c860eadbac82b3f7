package skeleton.security;

import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import skeleton.api.TestServer;

/**
 * The shared set-up of the attack-case classes: per class, a local IAM and a secured server on secured-endpoint.json
 * with two API keys and one allowed CORS origin (https://app.example).
 */
abstract class SecuredServer {

    static SecurityFixture fx;
    static LocalIam iam;
    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        fx = SecurityFixture.start(Map.of("CORS_ALLOWED_ORIGINS", "['https://app.example']"));
        iam = fx.iam;
        server = fx.server;
    }

    @AfterAll
    static void stop() {
        fx.close();
    }
}
