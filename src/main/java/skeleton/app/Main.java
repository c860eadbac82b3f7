package skeleton.app;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

import skeleton.config.ConfigException;
import skeleton.config.Settings;
import skeleton.security.ApiKeyCommand;

/** The jar's entry point: runs the workers, or one of the jar's commands. */
public final class Main {

    static final String USAGE = """
            usage: java -jar consumer-skeleton.jar [COMMAND] [--help]
              (none), run    runs the workers CONSUMER_NAME selects, and the API (dev mode when no database is set)
              pipeline       prints the graph of consumer_configs with its problems; exits 1 on an error
              replay         puts a worker's dead letters back into that worker: replay WORKER [options]
              new-api-key    makes an API key: new-api-key NAME [ROLE ...]
            Each reads its settings from the environment, .env and application.properties; COMMAND --help says more.""";

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        Logging.bridgeJavaUtilLogging();
        List<String> all = List.of(args);
        String command = all.isEmpty() ? "run" : all.get(0);
        List<String> rest = all.isEmpty() ? List.of() : all.subList(1, all.size());
        switch (command) {
            case "--help", "-h", "help" -> exit(usage(System.out, 0));
            case "new-api-key" -> exit(ApiKeyCommand.run(rest, System.out, System.err));
            case "pipeline" -> exit(PipelineCommand.run(rest, Settings.load(Path.of("")), System.out, System.err));
            case "replay" -> exit(ReplayCommand.run(rest, Settings.load(Path.of("")), System.out, System.err));
            case "run" -> {
                if (!rest.isEmpty()) {
                    boolean help = rest.get(0).equals("--help") || rest.get(0).equals("-h");
                    if (!help) {
                        System.err.println("run takes no arguments (its settings come from the environment, .env and"
                                + " application.properties), not \"" + rest.get(0) + "\"");
                    }
                    exit(usage(help ? System.out : System.err, help ? 0 : 2));
                }
                run();
            }
            default -> {
                System.err.println("unknown command \"" + command + "\"");
                exit(usage(System.err, 2));
            }
        }
    }

    private static void run() {
        try {
            Worker.create(Settings.load(Path.of(""))).run();
        } catch (Exception e) {
            // a configuration the worker cannot run with, however deep Camel's start wrapped it: its problems alone
            for (Throwable c = e; c != null; c = c.getCause()) {
                if (c instanceof ConfigException config) {
                    System.err.println(config.getMessage());
                    exit(2);
                }
            }
            System.err.println(describe(e));
            exit(1);
        }
    }

    /** An error's message, then each cause's class and message: what went wrong below what the worker was doing. */
    static String describe(Throwable error) {
        StringBuilder out = new StringBuilder(String.valueOf(error.getMessage() == null ? error : error.getMessage()));
        for (Throwable c = error.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
            out.append(System.lineSeparator()).append("  caused by ").append(c.getClass().getName()).append(": ")
                    .append(c.getMessage());
        }
        return out.toString();
    }

    private static int usage(PrintStream to, int code) {
        to.println(USAGE);
        return code;
    }

    private static void exit(int code) {
        System.exit(code);
    }
}
