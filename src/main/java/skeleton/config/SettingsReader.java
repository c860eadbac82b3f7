package skeleton.config;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Typed reads of the settings, shared by the worker's, the API's and security's: a bad value becomes a problem that
 * names the key, the value and where it was set ({@code HTTPS_PORT "eighty" (set in .env) is not a whole number from
 * 1 to 65535}), and the read goes on with the default, so that every problem is reported at once.
 */
public final class SettingsReader {

    private final Settings settings;
    private final Problems problems;

    public SettingsReader(Settings settings, Problems problems) {
        this.settings = settings;
        this.problems = problems;
    }

    public String text(String key, String fallback) {
        return settings.get(key, fallback);
    }

    public Optional<String> optional(String key) {
        return settings.get(key);
    }

    /** Where a key was set, for messages. */
    public String origin(String key) {
        return settings.origin(key);
    }

    /** A whole number from {@code min} to {@code max} ({@link Integer#MAX_VALUE} or more: no upper bound). */
    public long number(String key, long fallback, long min, long max) {
        Optional<String> value = settings.get(key);
        if (value.isEmpty()) {
            return fallback;
        }
        try {
            long n = Long.parseLong(value.get().trim());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        problem(key, value.get(), "is not a whole number " + (key.endsWith("_SECONDS") ? "of seconds " : "")
                + (max >= Integer.MAX_VALUE ? "of " + min + " or more" : "from " + min + " to " + max));
        return fallback;
    }

    /**
     * A duration in milliseconds: a whole number with a unit, {@code ms}, {@code s}, {@code m} or {@code h}
     * ({@code 90s}, {@code 10m}); a number alone counts seconds.
     */
    public long duration(String key, long fallbackMillis) {
        Optional<String> value = settings.get(key);
        if (value.isEmpty()) {
            return fallbackMillis;
        }
        Matcher m = DURATION.matcher(value.get().trim());
        if (m.matches() && m.group(1).length() <= 12) {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> n;
                case "m" -> n * 60_000;
                case "h" -> n * 3_600_000;
                default -> n * 1000;
            };
        }
        problem(key, value.get(), "is not a duration: a whole number with ms, s, m or h (90s, 10m); a number alone is seconds");
        return fallbackMillis;
    }

    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|)");

    public int integer(String key, int fallback, int min) {
        return (int) number(key, fallback, min, Integer.MAX_VALUE);
    }

    public int port(String key, int fallback) {
        return (int) number(key, fallback, 1, 65_535);
    }

    public boolean bool(String key, boolean fallback) {
        return oneOf(key, Boolean.toString(fallback), List.of("true", "false")).equals("true");
    }

    /** One of {@code allowed}, compared without case, returned as {@code allowed} spells it. */
    public String oneOf(String key, String fallback, List<String> allowed) {
        String value = settings.get(key, fallback).trim();
        for (String a : allowed) {
            if (a.equalsIgnoreCase(value)) {
                return a;
            }
        }
        problem(key, value, allowed.size() == 2 ? "is not " + allowed.get(0) + " or " + allowed.get(1)
                : "is not one of " + allowed);
        return fallback;
    }

    /** An http(s) URL. */
    public String url(String key, String fallback) {
        String value = settings.get(key, fallback);
        if (!value.matches("https?://[^\\s/]+(/\\S*)?")) {
            problem(key, value, "is not an http(s) URL");
        }
        return value;
    }

    /** Reports a bad value: {@code KEY "value" (set in origin) why}. */
    public void problem(String key, String value, String why) {
        problems.add(key + " \"" + value + "\" (set in " + settings.origin(key) + ") " + why);
    }

    /** Reports a problem that names its own place. */
    public void problem(String message) {
        problems.add(message);
    }
}
