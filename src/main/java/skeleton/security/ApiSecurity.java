package skeleton.security;

import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import skeleton.api.ApiGuard;
import skeleton.api.ApiSettings;
import skeleton.config.Problems;
import skeleton.config.Settings;

/**
 * Makes the API's security check from the settings ({@link ApiGuard.Factory}): API keys from API_KEYS_FILE and
 * API_KEYS, the IAM's signing keys loaded now from IAM_SERVER_URL or IAM_JWKS_URL. Outside dev mode an IAM that
 * cannot be read refuses the start; in dev mode it is a warning and the keys are looked for again on later tokens.
 */
public final class ApiSecurity {

    private static final Logger LOG = LoggerFactory.getLogger(ApiSecurity.class);

    private ApiSecurity() {
    }

    public static ApiGuard guard(Settings settings, ApiSettings api, boolean devMode, Problems problems) {
        SecuritySettings security = SecuritySettings.from(settings, api.apiKeyHeader(), devMode, problems);
        Optional<List<ApiKeys.Entry>> fromSetting = security.apiKeysText().map(text -> ApiKeysReader.parse(text,
                new Problems("API_KEYS (set in " + settings.origin("API_KEYS") + ")"), problems));
        ApiKeys keys = ApiKeys.of(ApiKeysReader.file(security.apiKeysFile(), problems), fromSetting);
        BearerTokens tokens = new BearerTokens(security);
        if (!security.disabled() && problems.isEmpty()) {
            if (keys.size() > 0) {
                LOG.info("API keys: {} known ({})", keys.size(), String.join(", ", keys.names()));
            }
            if (security.iamConfigured()) {
                String failure = tokens.load();
                if (failure == null) {
                    LOG.info("Bearer tokens: {}", tokens.status());
                } else if (devMode) {
                    LOG.warn("Bearer tokens are refused for now: {}. Start the dev IAM with bin/dev-iam (see README "
                            + "\"Security\"); the keys are looked for again on later tokens", failure);
                } else {
                    problems.add("IAM_SERVER_URL / IAM_JWKS_URL (set in " + settings.origin(
                            security.jwks().isPresent() ? "IAM_JWKS_URL" : "IAM_SERVER_URL") + "): " + failure);
                }
            }
        }
        return new SecurityGuard(security, tokens, keys);
    }
}
