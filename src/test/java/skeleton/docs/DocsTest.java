package skeleton.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/** The README and the pages of docs/ (and bench/README.md) hold together, and say what the code reads. */
class DocsTest {

    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
    private static final Pattern HEADING = Pattern.compile("(?m)^#{1,6} (.+)$");

    @Test
    void every_relative_link_points_to_a_file_and_every_anchor_to_a_heading() throws IOException {
        List<String> broken = new ArrayList<>();
        for (Path page : pages()) {
            for (String target : links(page)) {
                if (target.matches("(?i)(https?|mailto):.*")) {
                    continue;
                }
                int hash = target.indexOf('#');
                String file = hash < 0 ? target : target.substring(0, hash);
                Path to = file.isEmpty() ? page : page.toAbsolutePath().getParent().resolve(file).normalize();
                if (!Files.exists(to)) {
                    broken.add(page + ": " + target + " (no file " + to + ")");
                } else if (hash >= 0 && !anchors(to).contains(target.substring(hash + 1))) {
                    broken.add(page + ": " + target + " (no heading " + target.substring(hash + 1) + " in " + to + "; there: "
                            + anchors(to) + ")");
                }
            }
        }
        assertThat(broken).as("broken links").isEmpty();
    }

    @Test
    void the_readme_stays_short() throws IOException {
        assertThat(Files.size(Path.of("README.md"))).as("README.md in bytes: depth goes to docs/").isLessThanOrEqualTo(12_000);
    }

    /** Every setting the settings classes read is documented on the configuration page, and none it lists is unknown. */
    @Test
    void the_configuration_page_lists_every_setting_the_code_reads() throws IOException {
        Set<String> read = new TreeSet<>();
        try (Stream<Path> sources = Files.walk(Path.of("src", "main", "java", "skeleton"))) {
            for (Path source : sources.filter(p -> p.toString().endsWith(".java")).toList()) {
                Matcher m = Pattern.compile("\\b(?:get|origin|text|optional|number|integer|port|bool|oneOf|url|duration|problem)\\(\"([A-Z][A-Z0-9_]{2,})\"")
                        .matcher(Files.readString(source));
                while (m.find()) {
                    read.add(m.group(1));
                }
            }
        }
        String page = Files.readString(Path.of("docs", "configuration.md"));
        Set<String> documented = new TreeSet<>();
        // the first cell of each table row: one key, or several
        Pattern.compile("(?m)^\\| ([^|]+)\\|").matcher(page).results().forEach(row ->
                Pattern.compile("`([A-Z][A-Z0-9_]+)`").matcher(row.group(1)).results().forEach(k -> documented.add(k.group(1))));
        assertThat(read).as("settings the code reads").hasSizeGreaterThan(40);
        assertThat(documented).as("docs/configuration.md's keys").containsAll(read);
    }

    private static List<Path> pages() throws IOException {
        List<Path> pages = new ArrayList<>(List.of(Path.of("README.md"), Path.of("bench", "README.md")));
        try (Stream<Path> docs = Files.list(Path.of("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        return pages;
    }

    /** The link targets of a page, outside its code blocks. */
    private static List<String> links(Path page) throws IOException {
        List<String> out = new ArrayList<>();
        boolean code = false;
        for (String line : Files.readAllLines(page)) {
            if (line.startsWith("```")) {
                code = !code;
            } else if (!code) {
                LINK.matcher(line.replaceAll("`[^`]*`", "")).results().forEach(r -> out.add(r.group(1)));
            }
        }
        return out;
    }

    /** The anchors of a Markdown page's headings, as GitHub makes them. */
    private static Set<String> anchors(Path page) throws IOException {
        Set<String> out = new TreeSet<>();
        if (!page.toString().endsWith(".md")) {
            return out;
        }
        HEADING.matcher(Files.readString(page)).results().forEach(h -> out.add(h.group(1).toLowerCase(Locale.ROOT)
                .replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-')));
        return out;
    }
}
