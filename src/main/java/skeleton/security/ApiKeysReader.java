package skeleton.security;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import skeleton.config.Problems;

/**
 * Reads API key entries from JSON ({@code maps/apikeys.json}, or the API_KEYS setting) in the form
 * {@code {"keys": [{"name": "reporting", "sha256": "<64 hex>", "roles": ["api-reader"]}]}}; every problem is
 * reported with its source and JSON pointer. A value never appears in a message, in case a key was pasted instead
 * of its digest.
 */
final class ApiKeysReader {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ApiKeysReader() {
    }

    /** The entries of the file, none when it does not exist. */
    static List<ApiKeys.Entry> file(Path path, Problems problems) {
        if (!Files.isRegularFile(path)) {
            return List.of();
        }
        try {
            return parse(Files.readString(path), new Problems(path.toString()), problems);
        } catch (IOException e) {
            problems.add("cannot read " + path + ": " + e.getMessage());
            return List.of();
        }
    }

    static List<ApiKeys.Entry> parse(String json, Problems at, Problems problems) {
        List<ApiKeys.Entry> entries = new ArrayList<>();
        try {
            JsonNode keys = MAPPER.readTree(json).path("keys");
            if (!keys.isArray()) {
                at.at("/keys", "must be a list of {\"name\", \"sha256\", \"roles\"}");
            }
            Set<String> names = new HashSet<>();
            for (int i = 0; i < keys.size(); i++) {
                ApiKeys.Entry entry = entry(keys.get(i), "/keys/" + i, at);
                if (entry != null && !names.add(entry.name())) {
                    at.at("/keys/" + i + "/name", "\"" + entry.name() + "\" is used twice");
                } else if (entry != null) {
                    entries.add(entry);
                }
            }
        } catch (IOException e) {
            at.at("", "is not JSON (line " + lineOf(e) + ")");
        }
        problems.addAll(at);
        return entries;
    }

    private static ApiKeys.Entry entry(JsonNode node, String pointer, Problems at) {
        String name = node.path("name").asText("");
        String digest = node.path("sha256").asText("");
        boolean ok = true;
        if (!name.matches("[A-Za-z0-9._-]{1,64}")) {
            at.at(pointer + "/name", "must be 1 to 64 letters, digits, '.', '_' or '-'");
            ok = false;
        }
        if (!digest.matches("[0-9a-fA-F]{64}")) {
            at.at(pointer + "/sha256", "must be the 64 hex digits of the key's SHA-256 (not the key itself)");
            ok = false;
        }
        List<String> roles = new ArrayList<>();
        JsonNode list = node.path("roles");
        if (!list.isMissingNode() && !list.isNull() && !list.isArray()) {
            at.at(pointer + "/roles", "must be a list of role names");
            ok = false;
        }
        for (Iterator<JsonNode> it = list.elements(); it.hasNext(); ) {
            JsonNode role = it.next();
            if (role.isTextual() && !role.asText().isBlank()) {
                roles.add(role.asText());
            } else {
                at.at(pointer + "/roles", "every role must be a non-empty string");
                ok = false;
            }
        }
        return ok ? new ApiKeys.Entry(name, HexFormat.of().parseHex(digest.toLowerCase()), roles) : null;
    }

    private static String lineOf(IOException e) {
        return e instanceof com.fasterxml.jackson.core.JsonProcessingException p && p.getLocation() != null
                ? String.valueOf(p.getLocation().getLineNr()) : "?";
    }
}
