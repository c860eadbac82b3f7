package skeleton.security;

import java.util.List;
import java.util.Map;

import skeleton.api.ApiError;
import skeleton.api.RequestValidator.Violation;

/**
 * The two answers of the security check. A 401 is the same whatever went wrong (no credentials, a bad token, a
 * wrong key): the reason goes to the log only, so that a caller learns nothing by trying.
 */
final class Refusals {

    static final String CHALLENGE = "Bearer realm=\"api\"";

    private Refusals() {
    }

    static ApiError unauthorized() {
        return new ApiError(401, List.of(new Violation("", "authentication required: send a valid bearer token "
                + "(Authorization: Bearer ...) or API key")), Map.of("WWW-Authenticate", CHALLENGE));
    }

    static ApiError forbidden() {
        return new ApiError(403, List.of(new Violation("", "the caller does not hold a role this endpoint requires")));
    }
}
