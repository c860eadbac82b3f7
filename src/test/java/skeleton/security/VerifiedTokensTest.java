package skeleton.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import skeleton.api.Caller;

/** The cache of verified tokens: found until exp, never after, bounded, and off with size 0. */
class VerifiedTokensTest {

    private final Caller alice = new Caller("oauth2", "alice", "s-1", "app", List.of("api-writer"));

    @Test
    void a_verified_token_is_found_until_its_exp_and_not_after() {
        VerifiedTokens tokens = new VerifiedTokens(10);
        long now = System.currentTimeMillis();

        tokens.add("live", alice, now + 60_000);
        tokens.add("expired", alice, now - 1);

        assertThat(tokens.find("live")).isEqualTo(alice);
        assertThat(tokens.find("live ")).isNull();
        assertThat(tokens.find("expired")).isNull();
    }

    @Test
    void the_cache_stays_within_its_capacity_and_size_0_turns_it_off() {
        VerifiedTokens tokens = new VerifiedTokens(2);
        long later = System.currentTimeMillis() + 60_000;
        tokens.add("a", alice, later);
        tokens.add("b", alice, later);
        tokens.add("c", alice, later);
        VerifiedTokens off = new VerifiedTokens(0);
        off.add("a", alice, later);

        assertThat(tokens.find("c")).isEqualTo(alice);
        assertThat(tokens.find("a")).isNull();
        assertThat(off.find("a")).isNull();
    }
}
