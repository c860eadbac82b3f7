package bench;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

import skeleton.app.Worker;
import skeleton.config.Settings;

/**
 * The entry point of a process under test, started by {@link ChildProcess}: {@code ChildMain <kind> <properties>}
 * runs our worker, the raw pass-through, the Kafka Streams join, the bare Vert.x server or the broker until its
 * standard input closes, then stops it cleanly. With {@code sample.file} set, the stack sampler watches
 * {@code sample.threads}.
 */
public final class ChildMain {

    private ChildMain() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> props = read(Path.of(args[1]));
        StackSampler sampler = props.containsKey("sample.file")
                ? StackSampler.start(props.get("sample.threads"), Path.of(props.get("sample.file"))) : null;
        AutoCloseable running = switch (args[0]) {
            case "worker" -> Worker.create(Settings.of(props)).start();
            case "raw" -> PassThrough.start(props);
            case "streams" -> StreamsJoin.start(props);
            case "vertx" -> VertxAnchor.start(props);
            case "broker" -> Broker.serve(props);
            default -> throw new IllegalArgumentException("unknown kind " + args[0]);
        };
        while (System.in.read() >= 0) {
            // runs until the harness closes our standard input
        }
        if (sampler != null) {
            sampler.close();
        }
        running.close();
        System.exit(0);
    }

    private static Map<String, String> read(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            p.load(r);
        }
        Map<String, String> map = new LinkedHashMap<>();
        p.stringPropertyNames().forEach(k -> map.put(k, p.getProperty(k)));
        return map;
    }
}
