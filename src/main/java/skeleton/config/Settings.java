package skeleton.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The raw key/value settings of a worker, merged from three places, first wins: the process environment, a
 * {@code .env} file in the working directory, then {@code application.properties} (the working directory's, else
 * the copy in the jar). Each value remembers where it came from, so that error messages can say where to fix it.
 */
public final class Settings {

    private final Map<String, String> values;
    private final Map<String, String> origins;

    private Settings(Map<String, String> values, Map<String, String> origins) {
        this.values = Map.copyOf(values);
        this.origins = Map.copyOf(origins);
    }

    /** Loads the settings as a started worker sees them. */
    public static Settings load(Path workDir) {
        return load(workDir, System.getenv());
    }

    /** Loads the settings with this environment instead of the process's (tests: no developer's exports leak in). */
    public static Settings load(Path workDir, Map<String, String> environment) {
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, String> origins = new LinkedHashMap<>();
        Path props = workDir.resolve("application.properties");
        Properties file = Files.isRegularFile(props) ? readProperties(props) : readClasspathProperties();
        putAll(values, origins, file, Files.isRegularFile(props) ? props.toString() : "application.properties in the jar");
        Path dotEnv = workDir.resolve(".env");
        if (Files.isRegularFile(dotEnv)) {
            putAll(values, origins, DotEnv.read(dotEnv), dotEnv.toString());
        }
        putAll(values, origins, environment, "the environment");
        return new Settings(values, origins);
    }

    /** Settings from a plain map, as tests and embedding code build them. */
    public static Settings of(Map<String, String> values) {
        Map<String, String> origins = new LinkedHashMap<>();
        values.keySet().forEach(k -> origins.put(k, "the settings given"));
        return new Settings(values, origins);
    }

    /** A copy with some values replaced (later wins), keeping the origins of the rest. */
    public Settings with(Map<String, String> overrides, String origin) {
        Map<String, String> v = new LinkedHashMap<>(values);
        Map<String, String> o = new LinkedHashMap<>(origins);
        putAll(v, o, overrides, origin);
        return new Settings(v, o);
    }

    public Optional<String> get(String key) {
        String v = values.get(key);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.trim());
    }

    public String get(String key, String fallback) {
        return get(key).orElse(fallback);
    }

    /** Where a key was set ("the environment", ".env", a file path), or where its default lives. */
    public String origin(String key) {
        return origins.getOrDefault(key, "its default (set it in the environment, .env or application.properties)");
    }

    public Map<String, String> asMap() {
        return values;
    }

    private static void putAll(Map<String, String> values, Map<String, String> origins, Map<?, ?> source, String origin) {
        source.forEach((k, v) -> {
            values.put(k.toString(), v.toString());
            origins.put(k.toString(), origin);
        });
    }

    private static Properties readProperties(Path path) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + path + ": " + e.getMessage(), e);
        }
        return p;
    }

    private static Properties readClasspathProperties() {
        Properties p = new Properties();
        try (InputStream in = Settings.class.getClassLoader().getResourceAsStream("application.properties")) {
            if (in != null) {
                p.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read application.properties from the jar: " + e.getMessage(), e);
        }
        return p;
    }
}
