package io.tributary.internals.runtime;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/** One runtime per state directory: held against this JVM and other processes, and released on close or death. */
class StateDirectoryLockTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void aSecondHoldInThisJvmFailsNamingThePropertyAndTheFix(@TempDir Path dir) throws Exception {
        try (StateDirectoryLock held = StateDirectoryLock.acquire(dir.resolve("app"))) {
            assertThatIllegalStateException().isThrownBy(() -> StateDirectoryLock.acquire(dir.resolve("app")))
                    .withMessageContaining("is in use by another Tributary runtime in this JVM")
                    .withMessageContaining("give each instance its own tributary.state-dir");
            Path alias = Files.createSymbolicLink(dir.resolve("alias"), dir.resolve("app"));
            assertThatIllegalStateException().as("the same directory through a symbolic link")
                    .isThrownBy(() -> StateDirectoryLock.acquire(alias));
        }
    }

    @Test
    void closingReleasesTheDirectory(@TempDir Path dir) throws Exception {
        StateDirectoryLock first = StateDirectoryLock.acquire(dir);
        first.close();
        first.close();

        try (StateDirectoryLock again = StateDirectoryLock.acquire(dir)) {
            assertThat(dir.resolve(StateDirectoryLock.FILE)).exists();
        }
    }

    @Test
    void aDirectoryHeldByAnotherProcessFailsUntilThatProcessEnds(@TempDir Path dir) throws Exception {
        Process holder = holdInChildProcess(dir);
        try {
            assertThatIllegalStateException().isThrownBy(() -> StateDirectoryLock.acquire(dir))
                    .withMessageContaining("is in use by another process")
                    .withMessageContaining("give each instance its own tributary.state-dir");
        }
        finally {
            holder.destroyForcibly();
        }
        assertThat(holder.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();

        // A killed holder leaves no stale lock: the OS released it with the process.
        try (StateDirectoryLock after = StateDirectoryLock.acquire(dir)) {
            assertThat(dir.resolve(StateDirectoryLock.FILE)).exists();
        }
    }

    @Test
    void anotherProcessCannotTakeADirectoryHeldHere(@TempDir Path dir) throws Exception {
        try (StateDirectoryLock held = StateDirectoryLock.acquire(dir)) {
            Process contender = childProcess(dir);
            contender.getOutputStream().close();
            String answer = firstLine(contender);
            assertThat(contender.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
            assertThat(contender.exitValue()).isEqualTo(2);
            assertThat(answer).contains("is in use by another process");
        }
    }

    /** Starts a child JVM holding {@code dir}, once it says it holds it. */
    private static Process holdInChildProcess(Path dir) throws Exception {
        Process process = childProcess(dir);
        assertThat(firstLine(process)).isEqualTo(LockHoldingProcess.LOCKED);
        return process;
    }

    private static Process childProcess(Path dir) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                LockHoldingProcess.class.getName(), dir.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    private static String firstLine(Process process) throws Exception {
        BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8));
        return CompletableFuture.supplyAsync(() -> {
            try {
                return reader.readLine();
            }
            catch (IOException ex) {
                throw new java.io.UncheckedIOException(ex);
            }
        }).get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    @Test
    void aFileSystemWithoutLocksFailsSayingSoAndLeavesTheDirectoryFree(@TempDir Path dir) throws Exception {
        assertThatIllegalStateException()
                .isThrownBy(() -> StateDirectoryLock.acquire(dir, channel -> {
                    throw new IOException("No locks available");
                }))
                .isInstanceOf(StateDirectoryLock.LockUnsupportedException.class)
                .withMessageContaining("No locks available")
                .withMessageContaining("does not support file locks")
                .withMessageContaining("tributary.state-dir");

        try (StateDirectoryLock lock = StateDirectoryLock.acquire(dir)) {
            assertThat(lock).isNotNull();
        }
    }
}
