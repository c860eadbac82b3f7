package skeleton.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import skeleton.testing.CamelRunMain;
import skeleton.testing.ChildProcess;
import skeleton.testing.TestBroker;
import skeleton.testing.TestDatabase;
import skeleton.testing.Topics;
import skeleton.testing.WorkerFixture;

/**
 * Camel JBang's {@code camel run}, through the engine it runs (KameletMain, downloads off; {@link CamelRunMain}) in a
 * process of its own whose class path holds the framework jar ({@code consumer-skeleton-framework.jar}, without the
 * package {@code routes}) and the libraries, as {@code --dep} gives them: the project's route file, the processor's
 * {@code .java} source compiled at start, application.properties, against the test broker and H2. The processor source
 * is edited first, so the output shows that the class compiled from that source ran.
 */
class CamelRunIT {

    @TempDir
    Path dir;

    @Test
    void camel_run_on_the_route_file_the_processor_source_and_application_properties_joins_with_the_edited_processor()
            throws Exception {
        String run = Topics.unique("camelrun");
        String a = run + "_a";
        String b = run + "_b";
        String out = run + "_out";
        String worker = run + "_joiner";
        Path processor = Files.createDirectories(dir.resolve("routes")).resolve("WorkerProcessor.java");
        Files.writeString(processor, Files.readString(Path.of("src/main/java/routes/WorkerProcessor.java"))
                .replace("content.put(\"path\", path);", "content.put(\"path\", path);\n        content.put(\"ranBy\", \"camel run\");"));
        try (Topics topics = new Topics(TestBroker.bootstrapServers());
             WorkerFixture f = new WorkerFixture(TestDatabase.of("h2"))) {
            f.addRow(worker, a + "," + b, out, null, "30");
            topics.create(1, a, b, out);
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", classPath(), CamelRunMain.class.getName(),
                    "file:" + Path.of("src/main/resources/routes/join-worker.camel.yaml").toAbsolutePath() + ",file:" + processor,
                    "camel.main.routesBuilderClasses=" + CamelRunWorkers.class.getName(),
                    "DB_URL=" + f.database().url(), "DB_USER=" + f.database().user(), "DB_PASSWORD=" + f.database().password(),
                    "DB_TABLE_NAME=" + f.table(), "CONSUMER_NAME=" + worker));
            try (CamelRun camel = new CamelRun(new ProcessBuilder(command), run)) {
                camel.awaitLine("worker " + worker + " started", Duration.ofSeconds(90));
                topics.send(a, "7", "{\"id\": \"7\", \"text\": \"one two\"}");
                topics.send(b, "7", "{\"id\": \"7\", \"more\": true}");
                await().atMost(Duration.ofSeconds(60)).until(() -> topics.count(out) >= 1);
                assertThat(topics.values(out).get(0)).contains("\"ranBy\":\"camel run\"").contains("\"words\":2")
                        .contains("\"path\":[\"" + worker + "\"]");
            }
        }
    }

    /** The test's class path, with the framework jar in place of the project's classes (and its package routes). */
    private static String classPath() {
        Path framework = Path.of("target", "consumer-skeleton-framework.jar").toAbsolutePath();
        assertThat(framework).as("the framework jar, made by the package phase: run the tests with mvn verify").isRegularFile();
        String full = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> entries = new ArrayList<>(List.of(framework.toString()));
        for (String e : full.split(File.pathSeparator)) {
            Path p = Path.of(e).toAbsolutePath().normalize();
            if (!p.equals(Path.of("target", "classes").toAbsolutePath().normalize())
                    && !p.equals(Path.of("target", "consumer-skeleton.jar").toAbsolutePath().normalize())) {
                entries.add(e);
            }
        }
        return String.join(File.pathSeparator, entries);
    }

    private static final class CamelRun extends ChildProcess {
        CamelRun(ProcessBuilder builder, String name) throws IOException {
            super(builder, "camel run " + name, Path.of("target", "camel-run", name + ".log"));
        }
    }
}
