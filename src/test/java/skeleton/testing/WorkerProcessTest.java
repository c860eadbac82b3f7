package skeleton.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/** A worker process inherits none of the developer's worker settings: every key of docs/configuration.md is scrubbed. */
class WorkerProcessTest {

    @Test
    void every_key_of_the_configuration_page_is_removed_from_the_inherited_environment() throws Exception {
        String page = Files.readString(Path.of("docs", "configuration.md"));
        String table = page.substring(0, page.indexOf("## The `consumer_configs` table"));
        Matcher key = Pattern.compile("(?m)^\\| `([^`]+)`").matcher(table);
        List<String> keys = key.results().map(m -> m.group(1)).toList();

        assertThat(keys).hasSizeGreaterThan(40);
        for (String k : keys) {
            boolean scrubbed = WorkerProcess.WORKER_KEYS.contains(k) || k.startsWith(WorkerProcess.CAMEL_PREFIX)
                    || k.equals(WorkerProcess.OTEL_PREFIX + "*");
            assertThat(scrubbed).as("docs/configuration.md's key %s is removed from a worker process's inherited environment", k).isTrue();
        }
    }
}
