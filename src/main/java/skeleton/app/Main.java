package skeleton.app;

import java.nio.file.Path;
import java.util.List;

import skeleton.config.ConfigException;
import skeleton.config.Settings;
import skeleton.security.ApiKeyCommand;

/**
 * Starts a worker with the settings of the working directory; {@code new-api-key NAME [ROLE ...]} makes an API key;
 * {@code pipeline} prints the graph of the workers in consumer_configs.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        Logging.bridgeJavaUtilLogging();
        if (args.length > 0 && args[0].equals("new-api-key")) {
            System.exit(ApiKeyCommand.run(List.of(args).subList(1, args.length), System.out, System.err));
        }
        if (args.length > 0 && args[0].equals("pipeline")) {
            System.exit(PipelineCommand.run(List.of(args).subList(1, args.length), Settings.load(Path.of("")), System.out,
                    System.err));
        }
        if (args.length > 0 && args[0].equals("replay")) {
            System.exit(ReplayCommand.run(List.of(args).subList(1, args.length), Settings.load(Path.of("")), System.out,
                    System.err));
        }
        try {
            Worker.create(Settings.load(Path.of(""))).run();
        } catch (ConfigException | IllegalStateException e) {
            System.err.println(e.getMessage());
            System.exit(2);
        }
    }
}
