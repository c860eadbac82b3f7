package skeleton.app;

import java.nio.file.Path;

import skeleton.config.ConfigException;
import skeleton.config.Settings;

/** Starts a worker with the settings of the working directory. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        try {
            Worker.create(Settings.load(Path.of(""))).run();
        } catch (ConfigException | IllegalStateException e) {
            System.err.println(e.getMessage());
            System.exit(2);
        }
    }
}
