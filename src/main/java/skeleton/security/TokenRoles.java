package skeleton.security;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.nimbusds.jwt.JWTClaimsSet;

/**
 * The roles a verified token grants: Keycloak's realm roles ({@code realm_access.roles}), the roles of the API's
 * client ({@code resource_access.<IAM_CLIENT_ID>.roles}) and a plain {@code roles} claim; entries that are not
 * strings are ignored.
 */
final class TokenRoles {

    private TokenRoles() {
    }

    static List<String> of(JWTClaimsSet claims, Optional<String> clientId) {
        Set<String> roles = new LinkedHashSet<>();
        addRoles(roles, claims.getClaim("realm_access"));
        clientId.ifPresent(client -> {
            if (claims.getClaim("resource_access") instanceof Map<?, ?> clients) {
                addRoles(roles, clients.get(client));
            }
        });
        addStrings(roles, claims.getClaim("roles"));
        return List.copyOf(roles);
    }

    private static void addRoles(Set<String> roles, Object access) {
        if (access instanceof Map<?, ?> map) {
            addStrings(roles, map.get("roles"));
        }
    }

    private static void addStrings(Set<String> roles, Object list) {
        if (list instanceof List<?> items) {
            items.stream().filter(String.class::isInstance).map(String.class::cast).forEach(roles::add);
        }
    }
}
