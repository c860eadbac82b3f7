package skeleton.join;

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

    static String padded(long epochMillis) {
        String digits = Long.toString(Math.max(0, epochMillis));
        return "0".repeat(19 - digits.length()) + digits;
    }
}
