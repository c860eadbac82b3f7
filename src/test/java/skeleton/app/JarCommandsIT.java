package skeleton.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import skeleton.testing.WorkerProcess;

/** The packaged jar's commands: {@code --help} for each, and a usage with a non-zero exit on anything it does not know. */
class JarCommandsIT {

    private record Run(int code, List<String> lines) {
    }

    private static Run run(String... args) throws Exception {
        try (WorkerProcess p = WorkerProcess.command(Map.of(), args)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> p.exitCode().isPresent());
            return new Run(p.exitCode().getAsInt(), p.lines());
        }
    }

    @Test
    void help_lists_the_commands_and_exits_0() throws Exception {
        Run help = run("--help");
        assertThat(help.code()).isZero();
        assertThat(help.lines()).anyMatch(l -> l.startsWith("usage: java -jar consumer-skeleton.jar"))
                .anyMatch(l -> l.contains("pipeline")).anyMatch(l -> l.contains("replay")).anyMatch(l -> l.contains("new-api-key"))
                .noneMatch(l -> l.contains("Embedded Kafka"));
    }

    @Test
    void an_unknown_command_or_argument_says_so_prints_the_usage_and_exits_2() throws Exception {
        Run unknown = run("start");
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.lines()).contains("unknown command \"start\"").anyMatch(l -> l.startsWith("usage:"));
        Run argument = run("run", "--port=1");
        assertThat(argument.code()).isEqualTo(2);
        assertThat(argument.lines()).anyMatch(l -> l.contains("run takes no arguments")).anyMatch(l -> l.startsWith("usage:"));
    }

    @Test
    void each_command_answers_help_with_its_usage() throws Exception {
        for (String command : List.of("pipeline", "replay", "new-api-key")) {
            Run help = run(command, "--help");
            assertThat(help.code()).as(command + " --help").isZero();
            assertThat(help.lines()).as(command + " --help").anyMatch(l -> l.startsWith("usage: " + command));
        }
    }
}
