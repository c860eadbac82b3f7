package skeleton.api;

import java.util.List;

import skeleton.api.RequestValidator.Violation;

/** A request the API refuses: the HTTP status and every problem found, each with its field (a JSON pointer). */
public final class ApiError extends RuntimeException {

    private final int status;
    private final List<Violation> violations;

    public ApiError(int status, List<Violation> violations) {
        super(status + " " + violations, null, false, false);
        this.status = status;
        this.violations = List.copyOf(violations);
    }

    /** A problem of the request as a whole (field ""). */
    public ApiError(int status, String problem) {
        this(status, List.of(new Violation("", problem)));
    }

    public int status() {
        return status;
    }

    public List<Violation> violations() {
        return violations;
    }
}
