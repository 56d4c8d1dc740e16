package io.tributary.samples.stockticker.dev;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.tributary.autoconfigure.TributaryLifecycle;
import io.tributary.samples.stockticker.StockTickerApplication;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The dev profile's tick generator: on by default, off with {@code ticker.generator.enabled=false}. Each run has the
 * dev profile's own embedded broker, so {@code stock_ticker} holds only what that run produced.
 */
class TickGeneratorIT {

    private static final String TICKS = "stock_ticker";
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @Test
    void generatesTicksByDefault() throws Exception {
        try (ConfigurableApplicationContext app = dev(); Admin admin = admin(app)) {
            assertThat(app.getBeanProvider(TickGenerator.class).getIfAvailable()).isNotNull();
            await("ticks on " + TICKS).atMost(PATIENCE).pollInterval(Duration.ofMillis(250))
                    .until(() -> ticks(admin), count -> count > 0);
        }
    }

    @Test
    void generatesNoTicksWhenDisabled() throws Exception {
        try (ConfigurableApplicationContext app = dev("--ticker.generator.enabled=false"); Admin admin = admin(app)) {
            assertThat(app.getBeanProvider(TickGenerator.class).getIfAvailable()).isNull();
            await("the dedup running").atMost(PATIENCE)
                    .until(() -> app.getBean(TributaryLifecycle.class).status().get("dedup").running());
            // As long as the default run takes to show its first ticks, several times over.
            await("no ticks on " + TICKS).during(Duration.ofSeconds(3)).atMost(PATIENCE)
                    .pollInterval(Duration.ofMillis(250)).until(() -> ticks(admin), count -> count == 0);
            assertThat(app.getBean(TributaryLifecycle.class).status().get("dedup").recordsIn()).isZero();
        }
    }

    private static ConfigurableApplicationContext dev(String... arguments) {
        String[] all = new String[arguments.length + 1];
        all[0] = "--ticker.pipelines=dedup";
        System.arraycopy(arguments, 0, all, 1, arguments.length);
        return new SpringApplicationBuilder(StockTickerApplication.class).profiles("dev")
                .properties("server.port=0").run(all);
    }

    private static Admin admin(ConfigurableApplicationContext app) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                app.getEnvironment().getRequiredProperty("spring.kafka.bootstrap-servers")));
    }

    /** The records ever written to {@code stock_ticker}: the sum of its partitions' end offsets. */
    private static long ticks(Admin admin) throws Exception {
        TopicDescription topic = admin.describeTopics(List.of(TICKS)).allTopicNames().get(10, TimeUnit.SECONDS)
                .get(TICKS);
        Map<TopicPartition, OffsetSpec> latest = topic.partitions().stream().collect(Collectors.toMap(
                partition -> new TopicPartition(TICKS, partition.partition()), partition -> OffsetSpec.latest()));
        return admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS).values().stream()
                .mapToLong(ListOffsetsResultInfo::offset).sum();
    }
}
