package skeleton.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import skeleton.config.Problems;
import skeleton.config.Settings;

/** The security settings are checked together, each problem naming the key, the value and where it was set. */
class SecuritySettingsTest {

    @Test
    void every_bad_setting_is_reported_at_once() {
        Problems problems = new Problems("settings");

        SecuritySettings.from(Settings.of(Map.of("DISABLE_SECURITY", "yes", "JWT_TOKEN_LOCATION", "query",
                "IAM_JWKS_URL", "http://iam.example/certs", "JWT_CLOCK_SKEW_SECONDS", "3600",
                "IAM_SERVER_URL", "iam.example")), "X-API-Key", false, problems);

        assertThat(problems.list()).containsExactlyInAnyOrder(
                "DISABLE_SECURITY \"yes\" (set in the settings given) is not true or false",
                "JWT_TOKEN_LOCATION \"query\" (set in the settings given) is not supported: tokens are read from the "
                        + "Authorization header only; set it to headers",
                "IAM_SERVER_URL \"iam.example\" (set in the settings given) is not an http(s) URL without query, "
                        + "e.g. http://localhost:8180/realms/skeleton",
                "IAM_JWKS_URL (set in the settings given) needs IAM_ISSUER, the issuer that tokens must carry (or set "
                        + "IAM_SERVER_URL, whose discovery names it)",
                "JWT_CLOCK_SKEW_SECONDS \"3600\" (set in the settings given) is not a whole number of seconds from 0 "
                        + "to 300");
    }

    @Test
    void disable_security_is_accepted_in_dev_mode_only() {
        Problems dev = new Problems("settings");
        Problems production = new Problems("settings");
        Settings settings = Settings.of(Map.of("DISABLE_SECURITY", "true"));

        assertThat(SecuritySettings.from(settings, "X-API-Key", true, dev).disabled()).isTrue();
        SecuritySettings.from(settings, "X-API-Key", false, production);

        assertThat(dev.list()).isEmpty();
        assertThat(production.list()).singleElement().asString().startsWith("DISABLE_SECURITY=true (set in the "
                + "settings given) is refused: this worker is not in dev mode");
    }
}
