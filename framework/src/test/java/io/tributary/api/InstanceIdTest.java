package io.tributary.api;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/** The instance id when none is set: generated once, kept in the state directory. */
class InstanceIdTest {

    @Test
    void aGeneratedIdIsKeptInTheStateDirectoryAndSurvivesARestart(@TempDir Path stateDir) throws Exception {
        String first = config(stateDir).instanceId();
        String restarted = config(stateDir).instanceId();

        assertThat(first).matches("[A-Za-z0-9._-]+-[0-9a-f]{8}");
        assertThat(restarted).isEqualTo(first);
        assertThat(Files.readString(stateDir.resolve("app").resolve(".instance-id")).strip()).isEqualTo(first);
    }

    @Test
    void instancesWithTheirOwnStateDirectoriesGetDistinctIds(@TempDir Path stateA, @TempDir Path stateB) {
        assertThat(config(stateA).instanceId()).isNotEqualTo(config(stateB).instanceId());
    }

    @Test
    void aSetIdWinsAndNothingIsWritten(@TempDir Path stateDir) {
        TributaryConfig config = TributaryConfig.builder("app").instanceId("node-1").bootstrapServers("broker:9092")
                .stateDir(stateDir).build();

        assertThat(config.instanceId()).isEqualTo("node-1");
        assertThat(stateDir.resolve("app")).doesNotExist();
    }

    @Test
    void aStateDirectoryThatCannotHoldTheIdFailsNamingBothProperties(@TempDir Path dir) throws Exception {
        Path notADirectory = Files.writeString(dir.resolve("file"), "x");

        assertThatIllegalStateException().isThrownBy(() -> config(notADirectory))
                .withMessageContaining("tributary.instance-id is not set and cannot be kept in")
                .withMessageContaining("make tributary.state-dir a writable directory, or set tributary.instance-id");
    }

    @Test
    void aCorruptKeptIdFailsNamingTheFile(@TempDir Path stateDir) throws Exception {
        Files.createDirectories(stateDir.resolve("app"));
        Files.writeString(stateDir.resolve("app").resolve(".instance-id"), "not an id!");

        assertThatIllegalStateException().isThrownBy(() -> config(stateDir))
                .withMessageContaining(".instance-id holds no valid instance id ('not an id!')")
                .withMessageContaining("delete the file");
    }

    private static TributaryConfig config(Path stateDir) {
        return TributaryConfig.builder("app").bootstrapServers("broker:9092").stateDir(stateDir).build();
    }
}
