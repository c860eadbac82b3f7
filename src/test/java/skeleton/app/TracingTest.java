package skeleton.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

import skeleton.config.ConfigException;
import skeleton.config.Settings;

class TracingTest {

    @Test
    void tracing_is_off_unless_an_exporter_or_an_endpoint_is_named() {
        assertThat(Tracing.from(Settings.of(Map.of()), "w").on()).isFalse();
        assertThat(Tracing.from(Settings.of(Map.of("OTEL_SERVICE_NAME", "w")), "w").on()).isFalse();
        assertThat(Tracing.from(Settings.of(Map.of("OTEL_TRACES_EXPORTER", "none")), "w").on()).isFalse();
        assertThat(Tracing.from(Settings.of(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:4318",
                "OTEL_SDK_DISABLED", "true")), "w").on()).isFalse();
        try (Tracing t = Tracing.from(Settings.of(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:4317")), "w")) {
            assertThat(t.on()).isTrue();
        }
    }

    @Test
    void otel_settings_are_the_sdk_properties_and_the_original_jaeger_agent_maps_onto_otlp_on_that_host() {
        assertThat(Tracing.otelProperties(Settings.of(Map.of("OTEL_SERVICE_NAME", "orders", "OTEL_TRACES_SAMPLER", "always_off",
                "DB_URL", "jdbc:h2:mem:x"))))
                .containsExactlyInAnyOrderEntriesOf(Map.of("otel.service.name", "orders", "otel.traces.sampler", "always_off"));
        assertThat(Tracing.otelProperties(Settings.of(Map.of("JAEGAR_AGENT_HOST_NAME", "172.17.120.23",
                "JAEGER_AGENT_PORT", "6831"))))
                .as("the agent's UDP port: Jaeger's OTLP port on that host")
                .containsEntry("otel.exporter.otlp.endpoint", "http://172.17.120.23:4317")
                .containsEntry("otel.exporter.otlp.protocol", "grpc")
                .containsEntry("otel.traces.exporter", "otlp");
        assertThat(Tracing.otelProperties(Settings.of(Map.of("JAEGAR_AGENT_HOST_NAME", "jaeger", "JAEGER_AGENT_PORT", "14317"))))
                .containsEntry("otel.exporter.otlp.endpoint", "http://jaeger:14317");
        assertThat(Tracing.otelProperties(Settings.of(Map.of("JAEGAR_AGENT_HOST_NAME", "jaeger",
                "OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318"))))
                .as("an OTLP endpoint of the user's wins").containsEntry("otel.exporter.otlp.endpoint", "http://collector:4318");
    }

    @Test
    void a_bad_otel_setting_stops_the_start_naming_it() {
        assertThatThrownBy(() -> Tracing.from(Settings.of(Map.of("OTEL_TRACES_EXPORTER", "jaegerr")), "w"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("tracing")
                .satisfies(e -> assertThat(((ConfigException) e).problems()).anySatisfy(p -> assertThat(p).contains("jaegerr")));
    }
}
