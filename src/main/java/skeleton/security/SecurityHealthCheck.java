package skeleton.security;

import java.util.Map;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * The {@code security} entry of /observe/health, in its message (shown at every exposure level): whether checks
 * are enforced or DISABLED, where the bearer tokens' keys come from and whether they are loaded, how many API keys
 * are known. It stays UP when the IAM is
 * unreachable (tokens are refused, keys still work), and says why in its details.
 */
final class SecurityHealthCheck extends AbstractHealthCheck {

    private final SecuritySettings settings;
    private final BearerTokens tokens;
    private final ApiKeys keys;

    SecurityHealthCheck(SecuritySettings settings, BearerTokens tokens, ApiKeys keys) {
        super("skeleton", "security");
        this.settings = settings;
        this.tokens = tokens;
        this.keys = keys;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        if (settings.disabled()) {
            builder.message("SECURITY DISABLED (DISABLE_SECURITY=true, dev mode): every endpoint answers anyone");
            builder.detail("security", "DISABLED");
        } else {
            String oauth2 = settings.iamConfigured() ? tokens.shortStatus() : "no IAM configured";
            builder.message("enforced; bearer tokens: " + oauth2 + "; API keys: " + keys.size());
            builder.detail("security", "enforced");
            builder.detail("oauth2", oauth2);
            builder.detail("apikeys", keys.size());
        }
        builder.up();
    }
}
