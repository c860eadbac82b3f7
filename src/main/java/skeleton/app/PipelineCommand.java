package skeleton.app;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;

import skeleton.config.ConfigException;
import skeleton.config.ConsumerConfigs;
import skeleton.config.Database;
import skeleton.config.Pipeline;
import skeleton.config.Settings;
import skeleton.config.WorkerSettings;
import skeleton.dev.DemoPipeline;

/**
 * {@code pipeline}: reads {@code consumer_configs} with the worker's settings (DB_URL, DB_HOST, DB_TABLE_NAME, ...)
 * and prints the graph of workers and topics with its problems. Exits 1 when there is an error (for a CI step
 * before a deploy), 0 otherwise (warnings included), 2 when the table cannot be read or the arguments are wrong.
 */
final class PipelineCommand {

    static final String USAGE = "usage: pipeline   (prints the graph of the workers in consumer_configs, with its problems;"
            + " reads the same settings as the worker: DB_URL or DB_HOST, DB_TABLE_NAME, ...)";

    private PipelineCommand() {
    }

    static int run(List<String> args, Settings raw, PrintStream out, PrintStream err) {
        if (!args.isEmpty()) {
            boolean help = args.get(0).equals("--help") || args.get(0).equals("-h");
            (help ? out : err).println(USAGE);
            return help ? 0 : 2;
        }
        try {
            WorkerSettings settings = WorkerSettings.from(raw);
            String url = Database.urlOf(settings);
            try (Database database = Database.open(url, settings.dbUser(), settings.dbPassword(), 1)) {
                if (settings.devMode()) {
                    // as the worker's first start in dev mode would: the demo pipeline
                    database.runScript("consumer_configs", Map.of("table", settings.tableName()));
                    DemoPipeline.seedIfEmpty(database.dataSource(), settings.tableName(), "localhost:" + settings.kafkaPort());
                }
                String where = DependencyHealthChecks.withoutSecrets(database.url());
                Pipeline pipeline = Pipeline.of(ConsumerConfigs.rows(database.dataSource(), settings.tableName(), where),
                        settings.tableName());
                out.print(pipeline.describe(where));
                return pipeline.hasErrors() ? 1 : 0;
            }
        } catch (ConfigException | IllegalStateException e) {
            err.println(e.getMessage());
            return 2;
        }
    }
}
