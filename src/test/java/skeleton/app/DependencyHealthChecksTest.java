package skeleton.app;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DependencyHealthChecksTest {

    @Test
    void the_health_output_shows_a_database_url_without_its_user_info_and_parameters() {
        assertThat(DependencyHealthChecks.withoutSecrets("jdbc:postgresql://app:s3cret@db:5432/test?password=s3cret&ssl=true"))
                .isEqualTo("jdbc:postgresql://db:5432/test");
        assertThat(DependencyHealthChecks.withoutSecrets("jdbc:h2:file:./data/h2/skeleton;USER=sa;PASSWORD=s3cret"))
                .isEqualTo("jdbc:h2:file:./data/h2/skeleton");
        assertThat(DependencyHealthChecks.withoutSecrets("jdbc:mysql://db:3306/test")).isEqualTo("jdbc:mysql://db:3306/test");
    }
}
