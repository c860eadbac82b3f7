package skeleton.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import skeleton.config.Settings;

class PipelineCommandTest {

    @Test
    void help_prints_the_usage_and_an_unknown_option_fails_with_it() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        assertThat(PipelineCommand.run(List.of("--help"), Settings.of(Map.of()), o, e)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("usage: pipeline");
        assertThat(PipelineCommand.run(List.of("--graph"), Settings.of(Map.of()), o, e)).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("usage: pipeline");
    }
}
