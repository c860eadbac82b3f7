package skeleton.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import skeleton.testing.ProcessH2;
import skeleton.testing.TestBroker;
import skeleton.testing.Topics;
import skeleton.testing.WorkerProcess;

/**
 * An error of the JVM on a worker's consumer thread (here an OutOfMemoryError thrown by the processor) used to end the
 * thread's polling without a word, the process alive and its partitions unread. Now the worker says so and stops at
 * once, as a kill would, with nothing of the poll committed; started again, it joins what it had in hand.
 */
class JvmErrorIT {

    @TempDir
    Path dir;

    @Test
    void an_out_of_memory_error_in_the_processor_stops_the_process_and_nothing_of_its_poll_is_lost() throws Exception {
        String a = Topics.unique("a"), b = Topics.unique("b"), out = Topics.unique("out"), name = Topics.unique("w");
        Map<String, String> env = new HashMap<>(ProcessH2.settings(ProcessH2.create(dir, name, a + "," + b, out), name));
        try (Topics topics = new Topics(TestBroker.bootstrapServers())) {
            topics.create(1, a, b, out);
            topics.send(a, "oom", "{\"id\": \"oom\", \"outOfMemoryTimes\": 1}");
            topics.send(b, "oom", "{\"id\": \"oom\"}");

            env.put("PROCESSOR", "scriptedProcessor");
            env.put("camel.beans.scriptedProcessor", "#class:skeleton.testing.ScriptedProcessor");
            try (WorkerProcess first = WorkerProcess.startWithTestClasses(env)) {
                first.awaitLine("java.lang.OutOfMemoryError: scripted for id oom in step ref:{{processor}}: the process"
                        + " stops now", Duration.ofSeconds(60));
                await().atMost(Duration.ofSeconds(30)).until(() -> !first.isAlive());
                assertThat(first.exitCode()).hasValue(70);
            }
            assertThat(topics.count(out)).isZero();
            assertThat(topics.committed(name)).as("offsets committed").isZero();

            // started again with the default processor, which does not fail: the id joins
            env.remove("PROCESSOR");
            env.remove("camel.beans.scriptedProcessor");
            try (WorkerProcess second = WorkerProcess.start(env)) {
                await().atMost(Duration.ofSeconds(60)).until(() -> topics.count(out) >= 1);
            }
            assertThat(topics.keys(out)).containsExactly("oom");
        }
    }
}
