package skeleton.api;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The Swagger UI page at /docs and the files of the {@code org.webjars:swagger-ui} jar that it loads, read from the
 * class path once and kept in memory. The page points Swagger UI at /openapi.json.
 */
public final class SwaggerUiFiles {

    private static final Pattern FILE = Pattern.compile("[A-Za-z0-9._-]+");
    private static final Map<String, String> TYPES = Map.of("js", "application/javascript", "css", "text/css",
            "html", "text/html; charset=utf-8", "png", "image/png");

    /** A file to send: its bytes and content type. */
    public record File(byte[] bytes, String contentType) {
    }

    private final String folder;
    private final Map<String, Optional<File>> cache = new ConcurrentHashMap<>();

    public SwaggerUiFiles() {
        this.folder = "META-INF/resources/webjars/swagger-ui/" + webjarVersion() + "/";
    }

    public String page(String title) {
        return """
                <!DOCTYPE html>
                <html lang="en">
                <head>
                  <meta charset="utf-8">
                  <title>%s</title>
                  <link rel="stylesheet" href="/docs/swagger-ui.css">
                </head>
                <body>
                <div id="swagger-ui"></div>
                <script src="/docs/swagger-ui-bundle.js"></script>
                <script>
                  window.ui = SwaggerUIBundle({url: '/openapi.json', dom_id: '#swagger-ui', deepLinking: true,
                    oauth2RedirectUrl: window.location.origin + '/docs/oauth2-redirect.html'});
                </script>
                </body>
                </html>
                """.formatted(title.replace("<", "&lt;"));
    }

    /** A file of the webjar by its name (no folders), or empty. */
    public Optional<File> file(String name) {
        if (name == null || !FILE.matcher(name).matches()) {
            return Optional.empty();
        }
        return cache.computeIfAbsent(name, this::read);
    }

    private Optional<File> read(String name) {
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(folder + name)) {
            if (in == null) {
                return Optional.empty();
            }
            String extension = name.substring(name.lastIndexOf('.') + 1);
            return Optional.of(new File(in.readAllBytes(), TYPES.getOrDefault(extension, "application/octet-stream")));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + folder + name + " from the swagger-ui jar", e);
        }
    }

    private static String webjarVersion() {
        String props = "META-INF/maven/org.webjars/swagger-ui/pom.properties";
        try (InputStream in = SwaggerUiFiles.class.getClassLoader().getResourceAsStream(props)) {
            if (in == null) {
                throw new IllegalStateException("org.webjars:swagger-ui is not on the class path (no " + props + ")");
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version");
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + props, e);
        }
    }
}
