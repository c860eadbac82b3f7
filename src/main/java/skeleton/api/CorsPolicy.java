package skeleton.api;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import skeleton.config.Problems;

/**
 * Which browser origins may call the API, from {@code CORS_ALLOWED_ORIGINS} in the original's list format
 * ({@code "['https://a.example', 'https://b.example']"}; a plain comma-separated list works too). Origins are
 * matched exactly; {@code '*'} allows any origin but is never combined with credentials.
 */
public record CorsPolicy(List<String> origins, boolean anyOrigin, boolean allowCredentials) {

    private static final Pattern ORIGIN = Pattern.compile("https?://[A-Za-z0-9.-]+(:\\d{1,5})?");

    public static CorsPolicy parse(String text, boolean credentials, String shownAs, Problems problems) {
        String inner = text.trim();
        if (inner.startsWith("[") && inner.endsWith("]")) {
            inner = inner.substring(1, inner.length() - 1);
        }
        List<String> origins = new ArrayList<>();
        for (String part : inner.split(",")) {
            String origin = part.trim().replaceAll("^['\"]|['\"]$", "").trim();
            if (origin.isEmpty()) {
                continue;
            }
            if (!origin.equals("*") && !ORIGIN.matcher(origin).matches()) {
                problems.add(shownAs + ": \"" + origin + "\" is not an origin like https://app.example.com[:port] or '*'");
            } else {
                origins.add(origin.endsWith("/") ? origin.substring(0, origin.length() - 1) : origin);
            }
        }
        boolean any = origins.contains("*");
        if (any && credentials) {
            problems.add(shownAs + ": '*' cannot be combined with CORS_ALLOW_CREDENTIALS=true; list the exact origins");
        }
        return new CorsPolicy(List.copyOf(origins), any, credentials && !any);
    }

    public boolean enabled() {
        return !origins.isEmpty();
    }

    /** The value of Access-Control-Allow-Origin for a request's Origin, or null when that origin is not allowed. */
    public String allowOrigin(String origin) {
        if (origin == null) {
            return null;
        }
        if (anyOrigin) {
            return "*";
        }
        return origins.contains(origin) ? origin : null;
    }
}
