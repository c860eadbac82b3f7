package skeleton.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import skeleton.config.Problems;

class CorsPolicyTest {

    @Test
    void reads_the_original_list_format_and_matches_exact_origins() {
        Problems problems = new Problems("settings");
        CorsPolicy policy = CorsPolicy.parse("[\n  'https://a.example',\n  \"https://b.example:8443\"\n]", false,
                "CORS_ALLOWED_ORIGINS", problems);

        assertThat(problems.list()).isEmpty();
        assertThat(policy.origins()).containsExactly("https://a.example", "https://b.example:8443");
        assertThat(policy.allowOrigin("https://a.example")).isEqualTo("https://a.example");
        assertThat(policy.allowOrigin("https://a.example.evil")).isNull();
        assertThat(policy.allowOrigin("http://a.example")).isNull();
    }

    @Test
    void star_allows_any_origin_without_credentials() {
        Problems problems = new Problems("settings");
        CorsPolicy policy = CorsPolicy.parse("['*']", false, "CORS_ALLOWED_ORIGINS", problems);

        assertThat(policy.allowOrigin("https://any.example")).isEqualTo("*");
        assertThat(policy.allowCredentials()).isFalse();
    }

    @Test
    void star_with_credentials_and_a_bad_origin_are_problems() {
        Problems problems = new Problems("settings");
        CorsPolicy.parse("['*', 'a.example/path']", true, "CORS_ALLOWED_ORIGINS (set in .env)", problems);

        assertThat(problems.list()).containsExactly(
                "CORS_ALLOWED_ORIGINS (set in .env): \"a.example/path\" is not an origin like https://app.example.com[:port] or '*'",
                "CORS_ALLOWED_ORIGINS (set in .env): '*' cannot be combined with CORS_ALLOW_CREDENTIALS=true; list the exact origins");
    }

    @Test
    void empty_means_no_cross_origin_access() {
        CorsPolicy policy = CorsPolicy.parse("[]", false, "CORS_ALLOWED_ORIGINS", new Problems("settings"));

        assertThat(policy.enabled()).isFalse();
    }
}
