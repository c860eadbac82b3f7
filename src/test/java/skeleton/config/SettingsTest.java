package skeleton.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsTest {

    @Test
    void dot_env_wins_over_application_properties_and_says_where_a_value_came_from(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("application.properties"), "DB_NAME=fromprops\nDB_USER=propsuser\n");
        Files.writeString(dir.resolve(".env"), "# comment\nDB_NAME='fromenv'\nexport DB_PORT=3307 # trailing\n");

        Settings s = Settings.load(dir, Map.of());

        assertThat(s.get("DB_NAME")).contains("fromenv");
        assertThat(s.get("DB_USER")).contains("propsuser");
        assertThat(s.get("DB_PORT")).contains("3307");
        assertThat(s.origin("DB_NAME")).isEqualTo(dir.resolve(".env").toString());
    }

    @Test
    void reads_the_originals_multi_line_quoted_values() {
        Map<String, String> env = DotEnv.parse(List.of("CORS_ALLOWED_ORIGINS=\"[", "    '*'", "]\"", "LOGGING_LEVEL=DEBUG"), ".env");

        assertThat(env.get("CORS_ALLOWED_ORIGINS")).isEqualTo("[\n    '*'\n]");
        assertThat(env.get("LOGGING_LEVEL")).isEqualTo("DEBUG");
    }

    @Test
    void a_line_without_equals_is_reported_with_its_number() {
        assertThatThrownBy(() -> DotEnv.parse(List.of("A=1", "oops"), ".env"))
                .hasMessage(".env line 2: expected KEY=value, found \"oops\"");
    }

    @Test
    void worker_settings_report_every_bad_value_with_where_it_was_set() {
        Settings s = Settings.of(Map.of("DB_PORT", "abc", "MAX_RECORD_BYTES", "-1", "DB_TABLE_NAME", "x;drop", "LOGGING_LEVEL", "LOUD"));

        assertThatThrownBy(() -> WorkerSettings.from(s)).isInstanceOfSatisfying(ConfigException.class, e ->
                assertThat(e.problems()).containsExactlyInAnyOrder(
                        "DB_TABLE_NAME \"x;drop\" (set in the settings given) is not a plain SQL table name (letters, digits, _; at most 63)",
                        "LOGGING_LEVEL \"LOUD\" (set in the settings given) is not one of [TRACE, DEBUG, INFO, WARN, WARNING, ERROR, CRITICAL, OFF]",
                        "DB_PORT \"abc\" (set in the settings given) is not a whole number from 1 to 65535",
                        "MAX_RECORD_BYTES \"-1\" (set in the settings given) is not a whole number of 1 or more"));
    }

    @Test
    void no_database_configured_means_dev_mode() {
        assertThat(WorkerSettings.from(Settings.of(Map.of())).devMode()).isTrue();
        assertThat(WorkerSettings.from(Settings.of(Map.of("DB_HOST", "db"))).devMode()).isFalse();
        assertThat(Database.urlOf(WorkerSettings.from(Settings.of(Map.of("DB_HOST", "db", "DB_NAME", "dev")))))
                .isEqualTo("jdbc:mysql://db:3306/dev");
    }

    @Test
    void incomplete_policy_is_the_processs_unless_a_worker_has_its_own_and_an_unknown_one_is_refused() {
        WorkerSettings settings = WorkerSettings.from(Settings.of(Map.of("INCOMPLETE_POLICY", "partial",
                "INCOMPLETE_POLICY_consumer5", "Expired")));
        assertThat(settings.incompletePolicyOf("consumer1")).isEqualTo("partial");
        assertThat(settings.incompletePolicyOf("consumer5")).isEqualTo("expired");
        assertThat(WorkerSettings.from(Settings.of(Map.of())).incompletePolicyOf("any")).isEqualTo("discard");
        assertThatThrownBy(() -> WorkerSettings.from(Settings.of(Map.of("INCOMPLETE_POLICY_consumer5", "keep"))))
                .hasMessageContaining("INCOMPLETE_POLICY_consumer5 \"keep\" (set in the settings given) is not one of [discard, partial, expired]");
    }

    @Test
    void retries_grace_and_delivery_timeout_have_defaults_and_are_checked() {
        WorkerSettings defaults = WorkerSettings.from(Settings.of(Map.of()));
        assertThat(defaults.redeliveries()).isEqualTo(3);
        assertThat(defaults.redeliveryDelayMillis()).isEqualTo(1000);
        assertThat(defaults.graceMillis()).isEqualTo(5000);
        assertThat(defaults.deliveryTimeoutMs()).isEqualTo(120_000);
        assertThat(WorkerSettings.from(Settings.of(Map.of("REDELIVERIES", "0", "GRACE_MS", "0"))).redeliveries()).isZero();
        assertThatThrownBy(() -> WorkerSettings.from(Settings.of(Map.of("REDELIVERIES", "-1", "DELIVERY_TIMEOUT_MS", "0"))))
                .hasMessageContaining("REDELIVERIES \"-1\" (set in the settings given) is not a whole number of 0 or more")
                .hasMessageContaining("DELIVERY_TIMEOUT_MS \"0\" (set in the settings given) is not a whole number of 1 or more");
    }

    @Test
    void max_upstream_wait_is_a_duration_with_a_unit_or_seconds() {
        assertThat(WorkerSettings.from(Settings.of(Map.of())).maxUpstreamWaitMillis()).isEqualTo(600_000);
        assertThat(WorkerSettings.from(Settings.of(Map.of("MAX_UPSTREAM_WAIT", "90s"))).maxUpstreamWaitMillis()).isEqualTo(90_000);
        assertThat(WorkerSettings.from(Settings.of(Map.of("MAX_UPSTREAM_WAIT", "2m"))).maxUpstreamWaitMillis()).isEqualTo(120_000);
        assertThat(WorkerSettings.from(Settings.of(Map.of("MAX_UPSTREAM_WAIT", "1h"))).maxUpstreamWaitMillis()).isEqualTo(3_600_000);
        assertThat(WorkerSettings.from(Settings.of(Map.of("MAX_UPSTREAM_WAIT", "1500ms"))).maxUpstreamWaitMillis()).isEqualTo(1_500);
        assertThat(WorkerSettings.from(Settings.of(Map.of("MAX_UPSTREAM_WAIT", "45"))).maxUpstreamWaitMillis()).isEqualTo(45_000);
        assertThatThrownBy(() -> WorkerSettings.from(Settings.of(Map.of("MAX_UPSTREAM_WAIT", "ten minutes"))))
                .hasMessageContaining("MAX_UPSTREAM_WAIT \"ten minutes\"").hasMessageContaining("is not a duration");
    }

    @Test
    void consumer_threads_default_to_one_and_exclude_static_membership() {
        assertThat(WorkerSettings.from(Settings.of(Map.of())).consumerThreads()).isEqualTo(1);
        assertThat(WorkerSettings.from(Settings.of(Map.of("CONSUMER_THREADS", "3"))).consumerThreads()).isEqualTo(3);
        assertThatThrownBy(() -> WorkerSettings.from(Settings.of(Map.of("CONSUMER_THREADS", "0"))))
                .hasMessageContaining("CONSUMER_THREADS \"0\" (set in the settings given) is not a whole number of 1 or more");
        assertThatThrownBy(() -> WorkerSettings.from(Settings.of(Map.of("CONSUMER_THREADS", "3", "KAFKA_GROUP_INSTANCE_ID", "host-1"))))
                .hasMessageContaining("CONSUMER_THREADS 3 (set in the settings given) and KAFKA_GROUP_INSTANCE_ID (set in the settings given)"
                        + " exclude each other");
    }

    @Test
    void management_port_is_off_unless_set_and_must_be_a_port() {
        assertThat(WorkerSettings.from(Settings.of(Map.of())).managementPort()).isEmpty();
        assertThat(WorkerSettings.from(Settings.of(Map.of("MANAGEMENT_PORT", "9090"))).managementPort()).contains(9090);
        for (String bad : new String[] {"0", "70000", "http"}) {
            assertThatThrownBy(() -> WorkerSettings.from(Settings.of(Map.of("MANAGEMENT_PORT", bad))))
                    .hasMessageContaining("MANAGEMENT_PORT \"" + bad + "\" (set in the settings given) is not a whole number from 1 to 65535");
        }
    }

    @Test
    void log_format_is_text_unless_json() {
        assertThat(WorkerSettings.from(Settings.of(Map.of())).logFormat()).isEqualTo("text");
        assertThat(WorkerSettings.from(Settings.of(Map.of("LOG_FORMAT", "JSON"))).logFormat()).isEqualTo("json");
        assertThatThrownBy(() -> WorkerSettings.from(Settings.of(Map.of("LOG_FORMAT", "xml"))))
                .hasMessageContaining("LOG_FORMAT \"xml\" (set in the settings given) is not text or json");
    }
}
