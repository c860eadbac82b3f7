package skeleton.testing;

import java.nio.file.Path;

import skeleton.dev.EmbeddedKafka;

/**
 * The main class of a {@link BrokerProcess}: {@code BrokerMain <port> <dataDir>} runs an {@link EmbeddedKafka}
 * (port 0 = a free one), prints {@value #READY} and its bootstrap servers, and runs until stdin closes (the test JVM
 * ended) or it is killed.
 */
public final class BrokerMain {

    static final String READY = "BrokerMain ready on ";

    private BrokerMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: BrokerMain <port> <dataDir>");
            System.exit(2);
        }
        try (EmbeddedKafka broker = EmbeddedKafka.start(Integer.parseInt(args[0]), Path.of(args[1]))) {
            System.out.println(READY + broker.bootstrapServers());
            System.out.flush();
            while (System.in.read() != -1) {
                // runs until the parent closes stdin
            }
        }
        System.exit(0);
    }
}
