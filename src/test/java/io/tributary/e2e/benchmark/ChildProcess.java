package io.tributary.e2e.benchmark;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A JVM started by the benchmark (the broker or one system), with its output in a log file, stopped by a line on its
 * standard input, and its memory and CPU read from {@code /proc/<pid>}: {@code VmHWM} (peak resident set) and
 * {@code VmRSS} from {@code status}, user + system time from {@code stat}.
 */
final class ChildProcess implements AutoCloseable {

    private static final long CLOCK_TICKS_PER_SECOND = 100;

    private final Process process;
    private final Path log;

    private ChildProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    static ChildProcess start(String mainClass, List<String> jvmOptions, Path log) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass);
        Files.createDirectories(log.getParent());
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        return new ChildProcess(process, log);
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process.isAlive();
    }

    Path log() {
        return log;
    }

    /** Waits for a line starting with {@code prefix} in the log and returns the rest of it. */
    String awaitLine(String prefix, long timeoutMillis) throws IOException, InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (System.currentTimeMillis() < deadline) {
            for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
                if (line.startsWith(prefix)) {
                    return line.substring(prefix.length()).trim();
                }
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("process exited with " + process.exitValue() + " before printing '"
                        + prefix + "'; see " + log);
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("no '" + prefix + "' within " + timeoutMillis + " ms; see " + log);
    }

    /** Fields of {@code /proc/<pid>/status} in bytes: VmHWM, VmRSS. */
    Map<String, Long> memory() {
        Map<String, Long> memory = new HashMap<>();
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status"))) {
                for (String field : List.of("VmHWM", "VmRSS")) {
                    if (line.startsWith(field + ":")) {
                        memory.put(field, Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024);
                    }
                }
            }
        }
        catch (IOException ex) {
            // gone or not Linux: reported as unknown
        }
        return memory;
    }

    /** CPU time used so far (user + system), in seconds, or -1 when unknown. */
    double cpuSeconds() {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid()), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // after the command name: state is field 3, utime field 14, stime field 15
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            return (double) ticks / CLOCK_TICKS_PER_SECOND;
        }
        catch (IOException | RuntimeException ex) {
            return -1;
        }
    }

    /** Asks the process to stop (a line on its input) and waits; kills it if it does not stop in time. */
    int stop(long timeoutSeconds) throws InterruptedException {
        if (process.isAlive()) {
            try {
                OutputStream input = process.getOutputStream();
                input.write("stop\n".getBytes(StandardCharsets.UTF_8));
                input.flush();
            }
            catch (IOException ex) {
                // already closing
            }
        }
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
            return -1;
        }
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        stop(30);
    }
}
