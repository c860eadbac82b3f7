package skeleton.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import com.nimbusds.jwt.JWTClaimsSet;

/** Roles come from realm_access, the API client's resource_access and a plain roles claim. */
class TokenRolesTest {

    private final JWTClaimsSet claims = new JWTClaimsSet.Builder()
            .claim("realm_access", Map.of("roles", List.of("api-reader", "offline_access")))
            .claim("resource_access", Map.of("consumer-skeleton", Map.of("roles", List.of("api-writer")),
                    "account", Map.of("roles", List.of("manage-account"))))
            .claim("roles", List.of("auditor", 7))
            .build();

    @Test
    void realm_roles_client_roles_of_the_api_client_and_the_roles_claim_count() {
        assertThat(TokenRoles.of(claims, Optional.of("consumer-skeleton")))
                .containsExactly("api-reader", "offline_access", "api-writer", "auditor");
    }

    @Test
    void other_clients_roles_and_non_strings_do_not_count() {
        assertThat(TokenRoles.of(claims, Optional.empty())).containsExactly("api-reader", "offline_access", "auditor");
        assertThat(TokenRoles.of(new JWTClaimsSet.Builder().claim("realm_access", "admin").build(), Optional.empty()))
                .isEmpty();
    }
}
