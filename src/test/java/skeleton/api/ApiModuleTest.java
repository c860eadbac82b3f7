package skeleton.api;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.apache.camel.main.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import skeleton.config.ConfigException;
import skeleton.config.Settings;
import skeleton.security.ApiSecurity;

/** install checks everything before the start and reports every problem in one message. */
class ApiModuleTest {

    @TempDir
    Path dir;

    @Test
    void reports_bad_settings_missing_certificates_and_unbindable_methods_at_once() throws Exception {
        Path map = dir.resolve("endpoint.json");
        Files.writeString(map, Files.readString(Path.of("maps/endpoint.json"))
                .replace("\"method_name\": \"process\"", "\"method_name\": \"handle\"")
                .replace("  }]\n}", "  }, {\"operation_name\": \"other\", \"namespace\": \"api\","
                        + " \"model_name\": \"model\", \"request_method\": [\"get\"], \"api_url\": \"/other\","
                        + " \"exec_method\": {\"module_name\": \"routes.Missing\", \"method_name\": \"process\"}}]\n}"));
        Settings settings = Settings.of(Map.of("ENDPOINTS_FILE", map.toString(), "HTTPS_PORT", "eighty",
                "CORS_ALLOWED_ORIGINS", "['ftp://x']", "CERTIFICATE_APP", dir.resolve("none.crt").toString(),
                "KEY_APP", dir.resolve("none.key").toString()));

        assertThatThrownBy(() -> ApiModule.install(new Main(), settings, false, ApiSecurity::guard))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("the API cannot start (6 problems):")
                .hasMessageContaining("HTTPS_PORT \"eighty\" (set in the settings given) is not a whole number from 1 to 65535")
                .hasMessageContaining("CORS_ALLOWED_ORIGINS (set in the settings given): \"ftp://x\" is not an origin")
                .hasMessageContaining("CERTIFICATE_APP " + dir.resolve("none.crt") + " (set in the settings given) does not exist")
                .hasMessageContaining("KEY_APP " + dir.resolve("none.key") + " (set in the settings given) does not exist")
                .hasMessageContaining(map + " /endpoints/0/exec_method/method_name: routes.WorkerApi has no public method "
                        + "handle(Map<String, Object> request, String operation, Map<String, Object> caller)")
                .hasMessageContaining(map + " /endpoints/1/exec_method/module_name: no bean and no class \"routes.Missing\"");
    }

    @Test
    void reports_the_endpoint_file_with_its_pointer() throws Exception {
        Path map = dir.resolve("endpoint.json");
        Files.writeString(map, Files.readString(Path.of("maps/endpoint.json")).replace("\"model_name\": \"model\"",
                "\"model_name\": \"mdl\""));

        assertThatThrownBy(() -> ApiModule.install(new Main(), Settings.of(Map.of("ENDPOINTS_FILE", map.toString(),
                "CERTIFICATE_APP", dir.resolve("tls/c.crt").toString(), "KEY_APP", dir.resolve("tls/c.key").toString(), "DISABLE_SECURITY", "true")), true, ApiSecurity::guard))
                .hasMessage("the API cannot start (1 problem):\n  - " + map + " /endpoints/0/model_name: no model \"mdl\"; known: model");
    }
}
