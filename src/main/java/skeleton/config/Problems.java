package skeleton.config;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects every problem found in one source (a file or the settings), each naming its place, so that a check can
 * report them all at once: {@code maps/endpoint.json /endpoints/0/model_name: no model "mdl"; known: model}.
 */
public final class Problems {

    private final String source;
    private final List<String> found = new ArrayList<>();

    public Problems(String source) {
        this.source = source;
    }

    /** A problem at a JSON pointer of the source ("" is the whole document). */
    public void at(String pointer, String message) {
        found.add(source + " " + (pointer.isEmpty() ? "(document)" : pointer) + ": " + message);
    }

    /** A problem that names its own place (a setting and where it was set). */
    public void add(String message) {
        found.add(message);
    }

    public void addAll(Problems other) {
        found.addAll(other.found);
    }

    public boolean isEmpty() {
        return found.isEmpty();
    }

    public List<String> list() {
        return List.copyOf(found);
    }

    /** Throws one {@link ConfigException} listing every problem, one a line, when there is any. */
    public void throwIfAny(String what) {
        if (!found.isEmpty()) {
            throw new ConfigException(what, found);
        }
    }
}
