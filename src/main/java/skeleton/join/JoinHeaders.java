package skeleton.join;

import java.nio.charset.StandardCharsets;

/** Header names the join sets on an exchange. The two stored ones are also columns of the repository tables. */
public final class JoinHeaders {

    /** The correlation key (the id as text). */
    public static final String ID = "join_id";
    /** True when every input topic has contributed. */
    public static final String COMPLETE = "join_complete";
    /** Stored: the group's deadline ({@link JoinGroup#deadline}), zero-padded epoch millis (sorts as text). */
    public static final String DEADLINE = "join_deadline";
    /** Stored: the input topics still missing, comma-separated. */
    public static final String MISSING = "join_missing";

    private JoinHeaders() {
    }

    /** A header's text: Kafka record headers are bytes (UTF-8), a header a Camel step set may be a string; else null. */
    static String text(Object header) {
        if (header instanceof byte[] bytes) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
        return header instanceof String s ? s : null;
    }

    static String padded(long epochMillis) {
        String digits = Long.toString(Math.max(0, epochMillis));
        return "0".repeat(19 - digits.length()) + digits;
    }
}
