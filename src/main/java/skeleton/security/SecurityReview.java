package skeleton.security;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import skeleton.api.EndpointMap;
import skeleton.api.EndpointMap.Endpoint;
import skeleton.config.Problems;

/**
 * Says at start (and at each reload) how every endpoint is protected, loudly when it is not, and reports the
 * endpoints that no configured scheme can serve.
 */
final class SecurityReview {

    private static final Logger LOG = LoggerFactory.getLogger(SecurityReview.class);

    private final SecuritySettings settings;
    private final ApiKeys keys;

    SecurityReview(SecuritySettings settings, ApiKeys keys) {
        this.settings = settings;
        this.keys = keys;
    }

    void review(EndpointMap map, Problems problems) {
        if (settings.disabled()) {
            LOG.warn("SECURITY IS DISABLED (DISABLE_SECURITY=true, set in {}): all {} endpoints of {} answer anyone "
                    + "without credentials. Dev mode only; /observe/health says so too.", settings.disabledOrigin(),
                    map.endpoints().size(), map.source());
            return;
        }
        for (Endpoint e : map.endpoints()) {
            String shown = e.operationName() + " " + e.methods() + " " + e.path();
            if (e.apiSecurity().isEmpty()) {
                LOG.warn("API {} is PUBLIC: its api_security is empty, so it answers anyone", shown);
                continue;
            }
            LOG.info("API {} accepts {}; {}", shown, String.join(" or ", e.apiSecurity()),
                    e.securityRoles().isEmpty() ? "any authenticated caller"
                            : "needs one of the roles " + e.securityRoles());
            if (e.apiSecurity().contains("oauth2") && !settings.iamConfigured()) {
                String why = "accepts oauth2, but IAM_SERVER_URL and IAM_JWKS_URL are unset: set the realm URL of "
                        + "the IAM, e.g. IAM_SERVER_URL=https://iam.example.com/realms/main";
                if (e.apiSecurity().size() == 1) {
                    problems.add(map.source() + " " + e.pointer() + "/api_security: " + why);
                } else {
                    LOG.warn("API {} {}; every bearer token is refused", shown, why);
                }
            }
            if (e.apiSecurity().equals(List.of("apikey")) && keys.size() == 0) {
                LOG.warn("API {} accepts only apikey, but no API key is configured ({} or API_KEYS): nobody can call "
                        + "it", shown, settings.apiKeysFile());
            }
        }
    }
}
