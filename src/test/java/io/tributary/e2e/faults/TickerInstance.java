package io.tributary.e2e.faults;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One instance of the stock-ticker sample: its executable jar in a JVM of its own, with a stable instance id (so a
 * restarted instance takes over, and fences, its predecessor's transactions, as a StatefulSet pod does) and its own
 * state directory, kept across restarts. Health is read over HTTP from the actuator, as an orchestrator reads it.
 */
final class TickerInstance {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Path jar;
    private final String id;
    private final Path dir;
    private final List<String> settings;
    private Process process;
    private int port;
    private int starts;

    private TickerInstance(Path jar, String id, Path dir, List<String> settings) {
        this.jar = jar;
        this.id = id;
        this.dir = dir;
        this.settings = settings;
    }

    /**
     * Starts an instance; does not wait for it to be up.
     *
     * @param settings further {@code --name=value} arguments (bootstrap servers, pipelines, client settings)
     */
    static TickerInstance start(Path jar, String id, Path dir, List<String> settings) throws IOException {
        TickerInstance instance = new TickerInstance(jar, id, dir, settings);
        instance.restart();
        return instance;
    }

    String id() {
        return id;
    }

    boolean alive() {
        return process.isAlive();
    }

    /** Starts the instance again (after {@link #kill} or {@link #stop}), with the same id and state directory. */
    void restart() throws IOException {
        starts++;
        port = BrokerProcess.freePort();
        Files.createDirectories(dir);
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-jar", jar.toString(),
                "--server.port=" + port, "--tributary.instance-id=" + id,
                "--tributary.state-dir=" + dir.resolve("state")));
        command.addAll(settings);
        process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("instance-" + starts + ".log").toFile()).start();
    }

    /** SIGKILL: no shutdown hook runs, the open transaction is left to be fenced by the next instance. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM: Spring's graceful shutdown commits the open work and leaves the group. */
    void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            kill();
        }
    }

    /** The overall status of {@code /actuator/health} ({@code UP}, {@code DOWN}, ...), or why there is none. */
    String health() {
        if (!process.isAlive()) {
            return "EXITED(" + process.exitValue() + ")";
        }
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/actuator/health")).timeout(Duration.ofSeconds(3)).build(),
                    HttpResponse.BodyHandlers.ofString());
            String body = response.body();
            int at = body.indexOf("\"status\":\"");
            return at < 0 ? "HTTP " + response.statusCode() : body.substring(at + 10, body.indexOf('"', at + 10));
        }
        catch (IOException ex) {
            return "UNREACHABLE";
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return "INTERRUPTED";
        }
    }

    Path log() {
        return dir.resolve("instance-" + starts + ".log");
    }
}
