package skeleton.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;

/** A broker in its own process serves clients, stops answering while frozen, answers again once thawed. */
class BrokerProcessIT {

    @Test
    void a_frozen_broker_does_not_answer_until_thawed() throws Exception {
        try (BrokerProcess broker = BrokerProcess.start();
                Topics topics = new Topics(broker.bootstrapServers());
                Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            assertThat(broker.bootstrapServers()).startsWith("127.0.0.1:");
            String topic = Topics.unique("frozen");
            topics.create(1, topic);
            topics.send(topic, "k", "{\"id\": 1}");

            broker.freeze();
            assertThatThrownBy(() -> admin.describeCluster().nodes().get(2, TimeUnit.SECONDS))
                    .as("a frozen broker answers nothing").isInstanceOf(TimeoutException.class);

            broker.thaw();
            assertThat(admin.describeCluster().nodes().get(30, TimeUnit.SECONDS)).hasSize(1);
            assertThat(topics.values(topic)).containsExactly("{\"id\": 1}");
            assertThat(new String(topics.readAll(topic).get(0).key(), StandardCharsets.UTF_8)).isEqualTo("k");
        }
    }
}
