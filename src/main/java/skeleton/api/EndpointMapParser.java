package skeleton.api;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import skeleton.config.Problems;
import skeleton.api.EndpointMap.Endpoint;
import skeleton.api.EndpointMap.Model;
import skeleton.api.EndpointMap.Namespace;

/**
 * Reads {@code maps/endpoint.json} (the original's format) and checks all of it, reporting every problem at once
 * with the file and the JSON pointer. Unknown keys are errors. Pure: no Camel, no class loading.
 */
public final class EndpointMapParser {

    private static final Set<String> TOP_KEYS = Set.of("namespaces", "models", "endpoints");
    private static final Set<String> NAMESPACE_KEYS = Set.of("name", "description");

    private final ObjectMapper mapper = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    /** Parses a file; {@code shownAs} is how messages name it (the path as configured). Throws on any problem. */
    public EndpointMap parse(Path file, String shownAs) {
        Problems problems = new Problems(shownAs);
        EndpointMap map = read(file, shownAs, problems);
        problems.throwIfAny("invalid endpoint map");
        return map;
    }

    /** Parses a file, adding every problem to {@code problems}; null when there was any. */
    public EndpointMap read(Path file, String shownAs, Problems problems) {
        if (!Files.isRegularFile(file)) {
            problems.add(shownAs + ": file not found (looked at " + file.toAbsolutePath() + "; set ENDPOINTS_FILE)");
            return null;
        }
        try {
            return read(Files.readString(file), shownAs, problems);
        } catch (IOException e) {
            problems.add(shownAs + ": cannot read: " + e.getMessage());
            return null;
        }
    }

    /** Parses the text of a file; throws IllegalStateException listing every problem. */
    public EndpointMap parse(String json, String shownAs) {
        Problems problems = new Problems(shownAs);
        EndpointMap map = read(json, shownAs, problems);
        problems.throwIfAny("invalid endpoint map");
        return map;
    }

    /** Parses the text of a file, adding every problem to {@code problems}; null when there was any. */
    public EndpointMap read(String json, String shownAs, Problems problems) {
        Problems mine = new Problems(shownAs);
        JsonNode root;
        try {
            root = mapper.readTree(json);
        } catch (JsonParseException e) {
            problems.add(shownAs + ": not valid JSON at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ": "
                    + e.getOriginalMessage().replaceAll("\\s*\\(start marker at .*", ""));
            return null;
        } catch (IOException e) {
            problems.add(shownAs + ": not valid JSON: " + e.getMessage());
            return null;
        }
        EndpointMap map = check(root, mine, shownAs);
        problems.addAll(mine);
        return mine.isEmpty() ? map : null;
    }

    private EndpointMap check(JsonNode root, Problems problems, String shownAs) {
        if (!JsonChecks.object(problems, root, "", TOP_KEYS)) {
            return null;
        }
        List<Namespace> namespaces = namespaces(problems, root.get("namespaces"));
        Map<String, Model> models = new ModelParser(problems).models(root.get("models"));
        List<Endpoint> endpoints = endpoints(problems, root.get("endpoints"), namespaces, models);
        return new EndpointMap(shownAs, namespaces, models, endpoints);
    }

    private List<Namespace> namespaces(Problems problems, JsonNode node) {
        List<Namespace> out = new ArrayList<>();
        if (node == null || !node.isArray() || node.isEmpty()) {
            problems.at("/namespaces", "must be a non-empty list of {\"name\", \"description\"}, found "
                    + JsonChecks.describe(node));
            return out;
        }
        for (int i = 0; i < node.size(); i++) {
            String at = "/namespaces/" + i;
            if (!JsonChecks.object(problems, node.get(i), at, NAMESPACE_KEYS)) {
                continue;
            }
            String name = JsonChecks.requiredString(problems, node.get(i), "name", at);
            JsonNode description = node.get(i).get("description");
            if (name != null && !EndpointChecker.NAME.matcher(name).matches()) {
                problems.at(at + "/name", "\"" + name + "\" is not a path segment (letters, digits, _ . -)");
            } else if (name != null && out.stream().anyMatch(n -> n.name().equals(name))) {
                problems.at(at + "/name", "namespace \"" + name + "\" is declared twice");
            } else if (name != null) {
                out.add(new Namespace(name, description != null && description.isTextual() ? description.asText() : name));
            }
        }
        return out;
    }

    private List<Endpoint> endpoints(Problems problems, JsonNode node, List<Namespace> namespaces,
                                     Map<String, Model> models) {
        List<Endpoint> out = new ArrayList<>();
        if (node == null || !node.isArray()) {
            problems.at("/endpoints", "must be a list of endpoints, found " + JsonChecks.describe(node));
            return out;
        }
        Map<String, String> seen = new HashMap<>();
        for (int i = 0; i < node.size(); i++) {
            Endpoint endpoint = new EndpointChecker(problems, "/endpoints/" + i, namespaces, models)
                    .check(i, node.get(i));
            if (endpoint == null) {
                continue;
            }
            EndpointChecker.checkUnique(problems, seen, endpoint);
            out.add(endpoint);
        }
        return out;
    }
}
