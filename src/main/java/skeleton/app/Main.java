package skeleton.app;

import java.nio.file.Path;
import java.util.List;

import skeleton.config.ConfigException;
import skeleton.config.Settings;
import skeleton.security.ApiKeyCommand;

/** Starts a worker with the settings of the working directory; {@code new-api-key NAME [ROLE ...]} makes an API key. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("new-api-key")) {
            System.exit(ApiKeyCommand.run(List.of(args).subList(1, args.length), System.out, System.err));
        }
        try {
            Worker.create(Settings.load(Path.of(""))).run();
        } catch (ConfigException | IllegalStateException e) {
            System.err.println(e.getMessage());
            System.exit(2);
        }
    }
}
