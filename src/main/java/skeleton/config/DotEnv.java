package skeleton.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a {@code .env} file as the original Python project wrote them: {@code KEY=value} lines, {@code #} comments,
 * optional single or double quotes, and a double-quoted value that runs over several lines (the original's
 * {@code CORS_ALLOWED_ORIGINS="[ ... ]"}).
 */
final class DotEnv {

    private DotEnv() {
    }

    static Map<String, String> read(Path file) {
        try {
            return parse(Files.readAllLines(file, StandardCharsets.UTF_8), file.toString());
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    static Map<String, String> parse(List<String> lines, String fileName) {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("export ")) {
                line = line.substring("export ".length()).strip();
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                throw new IllegalStateException(fileName + " line " + (i + 1) + ": expected KEY=value, found \"" + line + "\"");
            }
            String key = line.substring(0, eq).strip();
            String value = line.substring(eq + 1).strip();
            if (value.startsWith("\"") && (value.length() == 1 || !value.endsWith("\""))) {
                StringBuilder multi = new StringBuilder(value.substring(1));
                int start = i;
                while (true) {
                    if (++i >= lines.size()) {
                        throw new IllegalStateException(fileName + " line " + (start + 1) + ": quote opened for " + key + " is never closed");
                    }
                    String next = lines.get(i);
                    if (next.strip().endsWith("\"")) {
                        multi.append('\n').append(next.strip(), 0, next.strip().length() - 1);
                        break;
                    }
                    multi.append('\n').append(next);
                }
                value = multi.toString();
            } else if (value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"")
                    || value.startsWith("'") && value.endsWith("'"))) {
                value = value.substring(1, value.length() - 1);
            } else {
                int comment = value.indexOf(" #");
                if (comment >= 0) {
                    value = value.substring(0, comment).strip();
                }
            }
            out.put(key, value);
        }
        return out;
    }
}
