package skeleton.join;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.CannotGetJdbcConnectionException;

class RetryRuleTest {

    private final RetryRule rule = new RetryRule(2);

    private static Exchange failedWith(Exception e, int attempt) {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.setProperty(Exchange.EXCEPTION_CAUGHT, e);
        exchange.getMessage().setHeader(Exchange.REDELIVERY_COUNTER, attempt);
        return exchange;
    }

    @Test
    void an_unusable_record_is_never_tried_again() {
        assertThat(rule.matches(failedWith(new UnusableRecord("body is not JSON"), 1))).isFalse();
    }

    @Test
    void an_unreachable_join_store_is_tried_again_however_often() {
        assertThat(rule.matches(failedWith(new CannotGetJdbcConnectionException("down"), 1_000))).isTrue();
    }

    @Test
    void anything_else_is_tried_again_the_configured_number_of_times() {
        IllegalArgumentException processorFailed = new IllegalArgumentException("scripted");
        assertThat(rule.matches(failedWith(processorFailed, 1))).isTrue();
        assertThat(rule.matches(failedWith(processorFailed, 2))).isTrue();
        assertThat(rule.matches(failedWith(processorFailed, 3))).isFalse();
    }

    @Test
    void a_whole_poll_is_never_tried_again_here() {
        Exchange poll = failedWith(new IllegalStateException("a group was sent nowhere"), 1);
        poll.getMessage().setBody(List.of());
        assertThat(rule.matches(poll)).isFalse();
    }
}
