package skeleton.join;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PartParserTest {

    private final PartParser parser = new PartParser("id", 64);

    private PartParser.Result parse(String json) {
        return parser.parse(json == null ? null : json.getBytes(StandardCharsets.UTF_8), "t", 1, 9, 1000);
    }

    @Test
    void takes_the_content_object_when_there_is_one() {
        Part p = parse("{\"id\": \"x\", \"content\": {\"a\": 1}, \"other\": 2}").part();

        assertThat(p.content()).isEqualTo(Map.of("a", 1));
        assertThat(p.key()).isEqualTo("x");
        assertThat(p.position()).isEqualTo("t[1]@9");
        assertThat(p.timestamp()).isEqualTo(1000);
    }

    @Test
    void takes_every_field_but_the_id_when_there_is_no_content_object() {
        Part p = parse("{\"id\": 12, \"content\": \"text\", \"b\": true}").part();

        assertThat(p.content()).isEqualTo(Map.of("content", "text", "b", true));
        assertThat(p.key()).isEqualTo("12");
        assertThat(p.id()).isEqualTo(12);
    }

    @Test
    void reads_the_id_from_the_configured_field() {
        Part p = new PartParser("uuid", 100).parse("{\"uuid\": \"u\", \"id\": 1}".getBytes(StandardCharsets.UTF_8), "t", 0, 0, 0).part();

        assertThat(p.key()).isEqualTo("u");
        assertThat(p.content()).isEqualTo(Map.of("id", 1));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"id\": 1,|body is not JSON (line 1, column 10): Unexpected end-of-input within/between Object entries",
        "\"just a string\"|body is a string, not a JSON object",
        "[]|body is an array, not a JSON object",
        "{\"x\": 1}|no usable id: field \"id\" is missing",
        "{\"id\": null}|no usable id: field \"id\" is missing",
        "{\"id\": \"  \"}|no usable id: field \"id\" is an empty string",
        "{\"id\": true}|no usable id: field \"id\" is a boolean, not a string or a number",
        "{\"id\": [1]}|no usable id: field \"id\" is an array, not a string or a number",
        "{\"id\": \"x\", \"pad\": \"01234567890123456789012345678901234567890123456789\"}|record is 72 bytes, over the limit of 64 (MAX_RECORD_BYTES)",
    })
    void says_why_a_record_is_unusable(String json, String error) {
        PartParser.Result r = parse(json);

        assertThat(r.ok()).isFalse();
        assertThat(r.error()).isEqualTo(error);
    }

    @Test
    void an_id_longer_than_the_stored_key_is_unusable_whether_text_or_number() {
        PartParser wide = new PartParser("id", 4096);
        String digits = "9".repeat(256);

        assertThat(wide.parse(("{\"id\": " + digits + "}").getBytes(java.nio.charset.StandardCharsets.UTF_8), "t", 0, 0, 0).error())
                .isEqualTo("no usable id: field \"id\" is a number of 256 characters, longer than 255");
        assertThat(wide.parse(("{\"id\": \"" + digits + "\"}").getBytes(java.nio.charset.StandardCharsets.UTF_8), "t", 0, 0, 0).error())
                .isEqualTo("no usable id: field \"id\" is longer than 255 characters");
    }

    @Test
    void a_tombstone_is_unusable() {
        assertThat(parse(null).error()).isEqualTo("record has no value (a tombstone)");
        assertThat(parse("").error()).isEqualTo("body is empty");
    }
}
