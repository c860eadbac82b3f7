package skeleton.join;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

import skeleton.config.Settings;
import skeleton.config.WorkerSettings;

class MemoryJoinRepositoryTest {

    private final CamelContext context = new DefaultCamelContext();
    private final JoinRepository repository = JoinRepository.memory();

    private Exchange group(long deadline, String missing) {
        Exchange e = new DefaultExchange(context);
        e.getMessage().setHeader(JoinHeaders.DEADLINE, JoinHeaders.padded(deadline));
        e.getMessage().setHeader(JoinHeaders.MISSING, missing);
        return e;
    }

    @Test
    void lists_the_groups_past_a_time_oldest_first_with_their_missing_topics() {
        repository.add(context, "late", null, group(3_000, "b"));
        repository.add(context, "early", null, group(1_000, "b,c"));
        repository.add(context, "future", null, group(9_000, "a"));

        List<JoinRepository.Candidate> due = repository.deadlinesBefore(5_000);

        assertThat(due).containsExactly(new JoinRepository.Candidate("early", 1_000, List.of("b", "c"), 1),
                new JoinRepository.Candidate("late", 3_000, List.of("b"), 1));
    }

    @Test
    void join_repository_setting_is_jdbc_by_default_and_memory_on_request() {
        assertThat(WorkerSettings.from(Settings.of(Map.of())).joinRepository()).isEqualTo("jdbc");
        assertThat(WorkerSettings.from(Settings.of(Map.of("JOIN_REPOSITORY", "memory"))).joinRepository()).isEqualTo("memory");
        assertThatThrownBy(() -> WorkerSettings.from(Settings.of(Map.of("JOIN_REPOSITORY", "redis"))))
                .hasMessageContaining("JOIN_REPOSITORY \"redis\" (set in the settings given) is not jdbc or memory");
    }
}
