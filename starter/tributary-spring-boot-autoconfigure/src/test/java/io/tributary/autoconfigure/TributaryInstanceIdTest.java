package io.tributary.autoconfigure;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;

import io.tributary.api.TributaryConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code tributary.instance-id}: set, or generated once and kept in {@code tributary.state-dir}. */
class TributaryInstanceIdTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(KafkaAutoConfiguration.class, TributaryAutoConfiguration.class))
            .withPropertyValues("tributary.state-backend=in-memory", "tributary.application-id=orders");

    @Test
    void unsetInstanceIdIsTheSameAfterARestartWithTheSameStateDir(@TempDir Path stateDir) throws Exception {
        AtomicReference<String> first = new AtomicReference<>();
        runner.withPropertyValues("tributary.state-dir=" + stateDir)
                .run(context -> first.set(context.getBean(TributaryConfig.class).instanceId()));
        runner.withPropertyValues("tributary.state-dir=" + stateDir)
                .run(context -> assertThat(context.getBean(TributaryConfig.class).instanceId())
                        .isEqualTo(first.get()));
        assertThat(java.nio.file.Files.readString(stateDir.resolve("orders").resolve(".instance-id")).strip())
                .isEqualTo(first.get());
    }

    @Test
    void unsetInstanceIdDiffersBetweenStateDirs(@TempDir Path stateA, @TempDir Path stateB) {
        AtomicReference<String> a = new AtomicReference<>();
        runner.withPropertyValues("tributary.state-dir=" + stateA)
                .run(context -> a.set(context.getBean(TributaryConfig.class).instanceId()));
        runner.withPropertyValues("tributary.state-dir=" + stateB)
                .run(context -> assertThat(context.getBean(TributaryConfig.class).instanceId())
                        .isNotEqualTo(a.get()));
    }

    @Test
    void unusableStateDirFailsStartupNamingTheProperties(@TempDir Path dir) throws Exception {
        Path file = java.nio.file.Files.writeString(dir.resolve("file"), "x");
        runner.withPropertyValues("tributary.state-dir=" + file)
                .run(context -> assertThat(context).hasFailed().getFailure()
                        .hasMessageContaining("tributary.instance-id is not set")
                        .hasMessageContaining("tributary.state-dir"));
    }
}
