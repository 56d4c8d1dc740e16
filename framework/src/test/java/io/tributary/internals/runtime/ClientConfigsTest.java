package io.tributary.internals.runtime;

import java.util.Map;
import java.util.OptionalInt;

import io.tributary.api.TributaryConfig;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ClientConfigsTest {

    private static final Object BUNDLE = new Object();

    private final ClientConfigs configs = new ClientConfigs(TributaryConfig.builder("app")
            .bootstrapServers("broker:9092")
            .kafkaProperties(Map.of(
                    "security.protocol", "SSL",
                    "ssl.engine.factory.class", "com.example.BundleEngineFactory",
                    "org.springframework.boot.ssl.SslBundle", BUNDLE,
                    "linger.ms", 50,
                    "consumer.max.poll.records", 500,
                    "consumer.isolation.level", "read_uncommitted",
                    "producer.batch.size", 4096))
            .build());

    @Test
    void givesEveryClientTheSettingsItKnowsAndPluginSettingsNoClientDefines() {
        Map<String, Object> consumer = configs.consumer("group", "client", null, false);
        Map<String, Object> producer = configs.producer("client", "txn");
        Map<String, Object> admin = configs.admin("client");

        for (Map<String, Object> client : new Map[] {consumer, producer, admin}) {
            assertThat(client).containsEntry("security.protocol", "SSL")
                    .containsEntry("ssl.engine.factory.class", "com.example.BundleEngineFactory")
                    .containsEntry("org.springframework.boot.ssl.SslBundle", BUNDLE);
        }
        assertThat(producer).containsEntry("linger.ms", 50).containsEntry("batch.size", 4096);
        assertThat(consumer).doesNotContainKeys("linger.ms", "batch.size", "consumer.max.poll.records")
                .containsEntry("max.poll.records", 500);
        assertThat(admin).doesNotContainKeys("linger.ms", "max.poll.records", "producer.batch.size");
    }

    @Test
    void givesProducersATransactionTimeoutDerivedFromTheCommitIntervalUnlessSet() {
        TributaryConfig.Builder base = TributaryConfig.builder("app").bootstrapServers("broker:9092")
                .commitInterval(java.time.Duration.ofSeconds(30));

        assertThat(configs.producer("client", "txn")).containsEntry("transaction.timeout.ms", 10_000);
        assertThat(new ClientConfigs(base.build()).producer("client", "txn"))
                .containsEntry("transaction.timeout.ms", 60_000);
        assertThat(new ClientConfigs(base.kafkaProperties(Map.of("producer.transaction.timeout.ms", 90_000)).build())
                .producer("client", "txn")).containsEntry("transaction.timeout.ms", 90_000);
    }

    @Test
    void capsBothFetchLimitsForProcessorsAskingForSmallFetchesEachUnlessTheUserSetsIt() {
        TributaryConfig.Builder base = TributaryConfig.builder("app").bootstrapServers("broker:9092");
        OptionalInt cap = OptionalInt.of(448 * 1024);

        assertThat(new ClientConfigs(base.build(), cap).consumer("group", "client", null, true))
                .containsEntry("fetch.max.bytes", 448 * 1024).containsEntry("max.partition.fetch.bytes", 448 * 1024);
        assertThat(new ClientConfigs(base.build(), cap).consumer("group", "client", null, false))
                .doesNotContainKeys("fetch.max.bytes", "max.partition.fetch.bytes");
        assertThat(new ClientConfigs(base.build(), OptionalInt.empty()).consumer("group", "client", null, true))
                .doesNotContainKeys("fetch.max.bytes", "max.partition.fetch.bytes");
        assertThat(new ClientConfigs(base.kafkaProperties(Map.of("consumer.fetch.max.bytes", 8_000_000)).build(), cap)
                .consumer("group", "client", null, true)).containsEntry("fetch.max.bytes", 8_000_000)
                .containsEntry("max.partition.fetch.bytes", 448 * 1024);
    }

    @Test
    void keepsWhatExactlyOnceDependsOnWhateverTheUserSets() {
        assertThat(configs.consumer("group", "client", null, false)).containsEntry("isolation.level", "read_committed")
                .containsEntry("enable.auto.commit", false);
        assertThat(configs.producer("client", "txn")).containsEntry("transactional.id", "txn")
                .containsEntry("enable.idempotence", true);
    }
}
