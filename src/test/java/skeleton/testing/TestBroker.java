package skeleton.testing;

import java.io.IOException;
import java.nio.file.Files;

import skeleton.dev.EmbeddedKafka;

/** The one real Kafka broker of a test JVM, started on first use on a free port, closed at exit. */
public final class TestBroker {

    private static EmbeddedKafka broker;

    private TestBroker() {
    }

    public static synchronized String bootstrapServers() {
        if (broker == null) {
            try {
                broker = EmbeddedKafka.start(0, Files.createTempDirectory("skeleton-test-kafka"));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(broker::close));
        }
        return broker.bootstrapServers();
    }
}
