package skeleton.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import skeleton.api.Caller;
import skeleton.config.Problems;

/** API keys: the generator's output, reading digests with every problem at once, and matching by digest. */
class ApiKeysTest {

    @Test
    void new_api_key_prints_the_key_once_and_the_entry_with_its_digest() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        int code = ApiKeyCommand.run(List.of("reporting", "api-reader"), new PrintStream(out, true), System.err);

        String text = out.toString(StandardCharsets.UTF_8);
        String key = text.lines().filter(l -> l.startsWith("  csk_")).findFirst().orElseThrow().trim();
        assertThat(code).isZero();
        assertThat(key).matches("csk_[A-Za-z0-9_-]{43}");
        assertThat(text).contains("  {\"name\": \"reporting\", \"sha256\": \"" + ApiKeys.sha256Hex(key)
                + "\", \"roles\": [\"api-reader\"]}");
        assertThat(text.split(key, -1)).hasSize(2);
    }

    @Test
    void new_api_key_without_a_name_prints_the_usage() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        assertThat(ApiKeyCommand.run(List.of(), System.out, new PrintStream(err, true))).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("usage: new-api-key NAME [ROLE ...]");
    }

    @Test
    void a_key_matches_its_digest_only_and_carries_its_name_and_roles() throws Exception {
        String key = ApiKeyCommand.newKey();
        Problems problems = new Problems("settings");
        ApiKeys keys = ApiKeys.of(ApiKeysReader.parse("{\"keys\": [{\"name\": \"ci\", \"sha256\": \""
                + ApiKeys.sha256Hex(key) + "\", \"roles\": [\"api-writer\"]}]}", new Problems("API_KEYS"), problems),
                Optional.empty());

        Caller caller = keys.verify(key);

        assertThat(problems.list()).isEmpty();
        assertThat(caller).isEqualTo(new Caller("apikey", "ci", null, null, List.of("api-writer")));
        assertThatThrownBy(() -> keys.verify(key + "x")).isInstanceOf(BadCredentials.class)
                .hasMessage("the API key sent matches none of the 1 known keys");
    }

    @Test
    void every_problem_of_a_key_file_is_reported_with_its_pointer_and_never_its_value() {
        Problems problems = new Problems("settings");
        String pasted = ApiKeyCommand.newKey();

        ApiKeysReader.parse("{\"keys\": [{\"name\": \"a b\", \"sha256\": \"" + pasted + "\", \"roles\": \"admin\"},"
                + "{\"name\": \"ok\", \"sha256\": \"" + "ab".repeat(32) + "\"},"
                + "{\"name\": \"ok\", \"sha256\": \"" + "cd".repeat(32) + "\", \"roles\": [1]}]}",
                new Problems("maps/apikeys.json"), problems);

        assertThat(problems.list()).containsExactly(
                "maps/apikeys.json /keys/0/name: must be 1 to 64 letters, digits, '.', '_' or '-'",
                "maps/apikeys.json /keys/0/sha256: must be the 64 hex digits of the key's SHA-256 (not the key itself)",
                "maps/apikeys.json /keys/0/roles: must be a list of role names",
                "maps/apikeys.json /keys/2/roles: every role must be a non-empty string");
        assertThat(String.join("\n", problems.list())).doesNotContain(pasted);
    }
}
