package skeleton.config;

import java.util.List;

/** The worker cannot start: every problem found, each naming the value and where to fix it. */
public class ConfigException extends RuntimeException {

    private final List<String> problems;

    public ConfigException(String heading, List<String> problems) {
        super(heading + ":\n  - " + String.join("\n  - ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
