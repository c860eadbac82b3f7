package skeleton.join;

import java.util.Locale;

/** What becomes of a group whose deadline passed with topics missing ({@code INCOMPLETE_POLICY}). */
public enum IncompletePolicy {
    /** Logged, counted and dropped. */
    DISCARD,
    /** The parts there are go through the processor to the outputs, with the missing topics in a header. */
    PARTIAL,
    /** The parts go to {@code <consumer_name>.expired} with the reason, for inspection. */
    EXPIRED;

    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The policy of a setting's value, or null when it names none. */
    public static IncompletePolicy of(String value) {
        for (IncompletePolicy p : values()) {
            if (p.value().equals(value.trim().toLowerCase(Locale.ROOT))) {
                return p;
            }
        }
        return null;
    }
}
