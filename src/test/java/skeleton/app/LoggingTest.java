package skeleton.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;

class LoggingTest {

    @Test
    void json_lines_carry_level_logger_message_and_the_worker_and_id_of_the_mdc() throws Exception {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        @SuppressWarnings("unchecked")
        ConsoleAppender<ILoggingEvent> console = (ConsoleAppender<ILoggingEvent>) context.getLogger(
                org.slf4j.Logger.ROOT_LOGGER_NAME).getAppender("CONSOLE");
        Encoder<ILoggingEvent> text = console.getEncoder();
        PrintStream out = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            Logging.useJson();
            Logger log = context.getLogger("skeleton.join.IncompleteGroups");
            try (var w = MDC.putCloseable("worker", "consumer5"); var id = MDC.putCloseable("id", "42")) {
                log.warn("worker {} discarded incomplete group id={}", "consumer5", "42");
            }
        } finally {
            System.setOut(out);
            console.stop();
            console.setEncoder(text);
            console.start();
        }
        String line = captured.toString(StandardCharsets.UTF_8).lines()
                .filter(l -> l.contains("discarded incomplete group")).findFirst().orElseThrow();
        JsonNode json = new ObjectMapper().readTree(line);
        assertThat(json.path("level").asText()).isEqualTo("WARN");
        assertThat(json.path("loggerName").asText()).isEqualTo("skeleton.join.IncompleteGroups");
        assertThat(json.path("formattedMessage").asText()).isEqualTo("worker consumer5 discarded incomplete group id=42");
        assertThat(json.path("mdc").path("worker").asText()).isEqualTo("consumer5");
        assertThat(json.path("mdc").path("id").asText()).isEqualTo("42");
    }
}
