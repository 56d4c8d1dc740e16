package io.tributary.api;

import java.nio.file.Path;
import java.util.List;

import io.tributary.serde.Serdes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/** A runtime holds its state directory for its lifetime, so two instances cannot share one. */
class StateDirectoryTest {

    private static final List<ProcessorDefinition<String, String, String>> PASS_THROUGH = List.of(
            ProcessorDefinition.builder("pass", Serdes.string(), Serdes.string(), Serdes.string())
                    .source("in").key(KeySelectors.recordKey()).output("out")
                    .function(() -> (value, context) -> context.emit(value)).build());

    @Test
    void aSecondRuntimeOnTheSameStateDirectoryFailsNamingThePropertyAndTheFix(@TempDir Path stateDir) throws Exception {
        try (Tributary first = Tributary.create(config(stateDir).instanceId("a").build(), PASS_THROUGH)) {
            assertThatIllegalStateException()
                    .as("distinct instance ids do not make one directory's RocksDB stores shareable")
                    .isThrownBy(() -> Tributary.create(config(stateDir).instanceId("b").build(), PASS_THROUGH))
                    .withMessageContaining(stateDir.resolve("app").toRealPath().toString())
                    .withMessageContaining("give each instance its own tributary.state-dir");
            assertThat(first.config().usesStateDir()).isTrue();
        }
    }

    @Test
    void closeReleasesTheDirectorySoTheInstanceCanRestartInThisJvm(@TempDir Path stateDir) {
        Tributary first = Tributary.create(config(stateDir).build(), PASS_THROUGH);
        first.close();
        Tributary killed = Tributary.create(config(stateDir).build(), PASS_THROUGH);
        killed.kill();

        try (Tributary restarted = Tributary.create(config(stateDir).build(), PASS_THROUGH)) {
            assertThat(restarted.config().instanceId()).isEqualTo(first.config().instanceId());
        }
    }

    @Test
    void aSecondInstanceWithTheGeneratedIdFailsToBeCreatedWhileTheFirstRuns(@TempDir Path stateDir) {
        TributaryConfig inMemory = config(stateDir).stateBackend(StateBackend.IN_MEMORY).build();
        try (Tributary first = Tributary.create(inMemory, PASS_THROUGH)) {
            TributaryConfig second = config(stateDir).stateBackend(StateBackend.IN_MEMORY).build();

            assertThat(second.instanceId()).as("read, not generated anew").isEqualTo(inMemory.instanceId());
            assertThatIllegalStateException().isThrownBy(() -> Tributary.create(second, PASS_THROUGH))
                    .withMessageContaining("give each instance its own tributary.state-dir");
        }
    }

    @Test
    void noIdIsGeneratedInADirectoryAnotherInstanceHolds(@TempDir Path stateDir) throws Exception {
        try (Tributary withSetId = Tributary.create(config(stateDir).instanceId("a").build(), PASS_THROUGH)) {
            assertThatIllegalStateException().isThrownBy(() -> config(stateDir).build())
                    .withMessageContaining("is in use by another Tributary runtime in this JVM")
                    .withMessageContaining("give each instance its own tributary.state-dir");
            assertThat(stateDir.resolve("app").resolve(".instance-id")).doesNotExist();
        }
    }

    @Test
    void inMemoryRuntimesWithSetIdsUseNoStateDirectory(@TempDir Path stateDir) {
        TributaryConfig a = config(stateDir).instanceId("a").stateBackend(StateBackend.IN_MEMORY).build();
        TributaryConfig b = config(stateDir).instanceId("b").stateBackend(StateBackend.IN_MEMORY).build();

        try (Tributary first = Tributary.create(a, PASS_THROUGH); Tributary second = Tributary.create(b, PASS_THROUGH)) {
            assertThat(a.usesStateDir()).isFalse();
            assertThat(stateDir.resolve("app")).doesNotExist();
        }
    }

    private static TributaryConfig.Builder config(Path stateDir) {
        return TributaryConfig.builder("app").bootstrapServers("localhost:1").stateDir(stateDir);
    }
}
