package skeleton.security;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import skeleton.api.Caller;

/**
 * Tokens already verified, with their caller, kept until their {@code exp}: the benchmark showed signature
 * verification dominating a request (README "Security"). Only a token equal to a verified one, character for
 * character, is found; at most {@code capacity} entries (expired ones are dropped first, then all).
 */
final class VerifiedTokens {

    private record Verified(Caller caller, long expiresAtMillis) {
    }

    private final int capacity;
    private final Map<String, Verified> tokens = new ConcurrentHashMap<>();

    VerifiedTokens(int capacity) {
        this.capacity = capacity;
    }

    /** The caller of a token verified before and not yet expired, else null. */
    Caller find(String token) {
        if (capacity == 0) {
            return null;
        }
        Verified verified = tokens.get(token);
        if (verified == null) {
            return null;
        }
        if (System.currentTimeMillis() >= verified.expiresAtMillis()) {
            tokens.remove(token, verified);
            return null;
        }
        return verified.caller();
    }

    void add(String token, Caller caller, long expiresAtMillis) {
        if (capacity == 0) {
            return;
        }
        if (tokens.size() >= capacity) {
            long now = System.currentTimeMillis();
            tokens.values().removeIf(v -> now >= v.expiresAtMillis());
            if (tokens.size() >= capacity) {
                tokens.clear();
            }
        }
        tokens.put(token, new Verified(caller, expiresAtMillis));
    }
}
