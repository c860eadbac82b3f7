package skeleton.security;

import java.util.Map;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * The {@code security} entry of /observe/health: whether checks are enforced or DISABLED, where the bearer tokens'
 * keys come from and whether they are loaded, and how many API keys are known. It stays UP when the IAM is
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
            builder.message("SECURITY DISABLED (DISABLE_SECURITY=true): every endpoint answers anyone");
            builder.detail("security", "DISABLED");
        } else {
            builder.message("enforced");
            builder.detail("security", "enforced");
            builder.detail("oauth2", settings.iamConfigured() ? tokens.status() : "no IAM configured");
            builder.detail("apikeys", keys.size());
        }
        builder.up();
    }
}
