package skeleton.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Who made an API request, as the security check established it: the scheme that authenticated the caller
 * ({@code oauth2}, {@code apikey}, {@code none} on a public endpoint, {@code disabled} under DISABLE_SECURITY),
 * its name (the token's {@code preferred_username} or subject, the API key's name), the token's subject and client
 * ({@code azp}) when there is a token, and the roles it holds.
 */
public record Caller(String scheme, String name, String subject, String client, List<String> roles) {

    public Caller {
        roles = List.copyOf(roles);
    }

    /** The caller of a public endpoint, or of any endpoint while security is disabled in dev mode. */
    public static Caller anonymous(String scheme) {
        return new Caller(scheme, null, null, null, List.of());
    }

    /**
     * The caller as the bound method receives it: a plain map, so that code in {@code routes} needs no import of
     * ours. Keys: scheme, name, subject, client, roles (absent values are null, roles is never null).
     */
    public Map<String, Object> asMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("scheme", scheme);
        map.put("name", name);
        map.put("subject", subject);
        map.put("client", client);
        map.put("roles", roles);
        return map;
    }
}
