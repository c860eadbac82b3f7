package skeleton.api;

import java.util.List;
import java.util.Map;

import skeleton.api.RequestValidator.Violation;

/** A request the API refuses: the HTTP status and every problem found, each with its field (a JSON pointer). */
public final class ApiError extends RuntimeException {

    private final int status;
    private final List<Violation> violations;
    private final Map<String, String> headers;

    public ApiError(int status, List<Violation> violations) {
        this(status, violations, Map.of());
    }

    /** A refusal whose answer carries response headers too, such as {@code WWW-Authenticate} on a 401. */
    public ApiError(int status, List<Violation> violations, Map<String, String> headers) {
        super(status + " " + violations, null, false, false);
        this.status = status;
        this.violations = List.copyOf(violations);
        this.headers = Map.copyOf(headers);
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

    public Map<String, String> headers() {
        return headers;
    }
}
