package skeleton.app;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import skeleton.testing.TestDatabase;
import skeleton.testing.Topics;
import skeleton.testing.WorkerFixture;

/**
 * A step added to the worker route that would take records out of their poll's unit of work is refused at start,
 * with a message naming it, instead of letting offsets be committed ahead of what is stored.
 */
class RouteShapeIT {

    @TempDir
    Path dir;

    @Test
    void a_threads_step_in_the_worker_route_refuses_the_start_and_says_why() throws Exception {
        String yaml = Files.readString(Path.of("src/main/resources/routes/join-worker.camel.yaml"));
        String part = "                - process:\n                    ref: \"{{part}}\"";
        Files.writeString(dir.resolve("join-worker.camel.yaml"), yaml.replace(part, "                - threads: {}\n" + part));
        String name = Topics.unique("w");
        try (WorkerFixture f = new WorkerFixture(TestDatabase.selected().get(0))) {
            f.addRow(name, Topics.unique("a") + "," + Topics.unique("b"), Topics.unique("out"), null, "30");
            Map<String, String> settings = f.settings(name);
            settings.put("ROUTES_DIR", dir.toString());

            assertThatThrownBy(() -> f.start(settings)).hasMessageContaining("worker " + name + ": its route has steps that"
                    + " would take records out of their poll's unit of work").hasMessageContaining("threads (hands records to another thread)");
        }
    }
}
