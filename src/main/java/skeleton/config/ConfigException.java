package skeleton.config;

import java.util.List;

/**
 * A configuration the worker cannot run with (settings, rows, the endpoint map): every problem found, each naming the
 * value and where to fix it. The one exception type of all configuration checks.
 */
public class ConfigException extends RuntimeException {

    private final List<String> problems;

    public ConfigException(String heading, List<String> problems) {
        super(heading + " (" + problems.size() + " problem" + (problems.size() == 1 ? "" : "s") + "):\n  - "
                + String.join("\n  - ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
