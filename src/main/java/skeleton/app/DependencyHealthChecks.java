package skeleton.app;

import java.sql.Connection;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

/**
 * Health checks for what a worker depends on, shown at /observe/health beside Camel's own route checks. Readiness
 * only (Camel's default): the worker waits out an outage, a restart would not help.
 */
final class DependencyHealthChecks {

    private DependencyHealthChecks() {
    }

    /** The config database answers a validity check within 2 s. */
    static AbstractHealthCheck database(DataSource dataSource, String url) {
        return new AbstractHealthCheck("worker", "database") {
            @Override
            protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
                builder.detail("url", withoutSecrets(url));
                try (Connection c = dataSource.getConnection()) {
                    if (c.isValid(2)) {
                        builder.up();
                    } else {
                        builder.down().message("the database did not answer a validity check within 2 s");
                    }
                } catch (Exception e) {
                    builder.down().message("cannot reach the database: " + e.getMessage());
                }
            }
        };
    }

    /** A JDBC URL without user info and parameters, where a password can be (health output is not secret). */
    static String withoutSecrets(String url) {
        String plain = url.split("[?;]", 2)[0];
        return plain.replaceFirst("//[^/@]*@", "//");
    }

    /** The Kafka brokers of a worker describe their cluster within 3 s. */
    static AbstractHealthCheck broker(String brokers) {
        return new AbstractHealthCheck("worker", "kafka-" + brokers) {
            @Override
            protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
                builder.detail("bootstrap.servers", brokers);
                Properties p = new Properties();
                p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, brokers);
                p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000);
                p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000);
                try (Admin admin = Admin.create(p)) {
                    int nodes = admin.describeCluster(new DescribeClusterOptions().timeoutMs(3000)).nodes().get(3, TimeUnit.SECONDS).size();
                    builder.detail("nodes", nodes).up();
                } catch (Exception e) {
                    builder.down().message("cannot reach the Kafka brokers " + brokers + ": " + e.getMessage());
                }
            }
        };
    }
}
