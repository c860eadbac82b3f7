package skeleton.join;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class SentGroupsTest {

    private static Part part(String topic, int partition, long offset) {
        return new Part("id-1", "id-1", topic, partition, offset, 1_000, Map.of());
    }

    @Test
    void a_group_sent_by_a_failed_poll_is_claimed_once_when_the_same_records_complete_it_again() {
        JoinGroup first = JoinGroup.of(part("a", 0, 10)).with(part("b", 2, 7));
        JoinGroup again = JoinGroup.of(part("b", 2, 7)).with(part("a", 0, 10));
        SentGroups sent = new SentGroups();
        sent.addAll(List.of(SentGroups.identity(first)));

        assertThat(sent.claim(again)).as("the same parts, read in another order").isTrue();
        assertThat(sent.claim(again)).as("claimed once").isFalse();
    }

    @Test
    void a_group_of_the_same_id_made_of_other_records_is_sent() {
        SentGroups sent = new SentGroups();
        sent.addAll(List.of(SentGroups.identity(JoinGroup.of(part("a", 0, 10)).with(part("b", 2, 7)))));

        assertThat(sent.claim(JoinGroup.of(part("a", 0, 11)).with(part("b", 2, 7)))).as("a repeat upstream").isFalse();
    }
}
