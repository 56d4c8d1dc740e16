package io.tributary.e2e.faults;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

import static org.awaitility.Awaitility.await;

/**
 * A real single-node KRaft broker in a process of its own: {@code src/test/scripts/kafka-broker.sh} runs
 * {@code kafka.Kafka} from the Kafka server artifacts on the test classpath. The data directory outlives the process,
 * so {@link #restart} brings back the same broker with its logs, transactions and group offsets.
 */
final class BrokerProcess implements AutoCloseable {

    private final Path script;
    private final Path dir;
    private final String classpath;
    private final int port;
    private final int controllerPort;
    private Process process;
    private int starts;

    private BrokerProcess(Path script, Path dir, String classpath) throws IOException {
        this.script = script;
        this.dir = dir;
        this.classpath = classpath;
        this.port = freePort();
        this.controllerPort = freePort();
        this.process = launch();
    }

    /** Starts a fresh broker in {@code dir} and waits until it answers. */
    static BrokerProcess start(Path script, Path dir, String classpath) throws IOException {
        BrokerProcess broker = new BrokerProcess(script, dir, classpath);
        broker.awaitUp();
        return broker;
    }

    String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** SIGKILL: the broker gets no chance to flush or close anything. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** Starts the broker again on the same data directory and ports (after {@link #kill}). */
    void restart() throws IOException {
        process = launch();
    }

    /** Waits until the broker accepts connections and answers an admin request. */
    void awaitUp() {
        await("broker at " + bootstrapServers()).atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
                .until(() -> {
                    if (!process.isAlive()) {
                        throw new IllegalStateException("broker exited with " + process.exitValue() + "; see "
                                + log());
                    }
                    return answers();
                });
    }

    private boolean answers() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
        }
        catch (IOException ex) {
            return false;
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000, AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                2000))) {
            return !admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty();
        }
        catch (Exception ex) {
            return false;
        }
    }

    Path log() {
        return dir.resolve("broker-" + starts + ".log");
    }

    private Process launch() throws IOException {
        starts++;
        Files.createDirectories(dir);
        ProcessBuilder builder = new ProcessBuilder(List.of("bash", script.toString(), dir.resolve("kafka").toString(),
                Integer.toString(port), Integer.toString(controllerPort)))
                .redirectErrorStream(true)
                .redirectOutput(log().toFile());
        builder.environment().put("KAFKA_CLASSPATH", classpath);
        builder.environment().put("JAVA", ProcessHandle.current().info().command().orElse("java"));
        return builder.start();
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            kill();
        }
    }
}
