package io.tributary.testing.broker;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;

/**
 * Which broker the test JVM gets, decided once from {@code tributary.test.broker} and whether a Docker engine answers.
 *
 * <p>Exists so that the decision (and the Docker probe, which can take seconds) happens once per JVM and so that the
 * extension can skip tests for lack of Docker before it would start anything.
 */
final class BrokerChoice {

    static final String PROPERTY = "tributary.test.broker";

    static final String IMAGE_PROPERTY = "tributary.test.kafka-image";

    static final String DEFAULT_IMAGE = "apache/kafka:4.1.0";

    private static final Logger log = LoggerFactory.getLogger(BrokerChoice.class);

    /** What to start. */
    enum Kind {
        EMBEDDED,
        TESTCONTAINERS,
        /** Testcontainers was asked for and no Docker engine answers: skip the tests. */
        SKIP
    }

    private final Kind kind;
    private final boolean fallBackToEmbedded;
    private final String reason;

    private BrokerChoice(Kind kind, boolean fallBackToEmbedded, String reason) {
        this.kind = kind;
        this.fallBackToEmbedded = fallBackToEmbedded;
        this.reason = reason;
    }

    Kind kind() {
        return kind;
    }

    /** Whether a container that fails to start may be replaced by the embedded broker ({@code auto} only). */
    boolean fallBackToEmbedded() {
        return fallBackToEmbedded;
    }

    /** Why this choice, for logs and skip messages. */
    String reason() {
        return reason;
    }

    String image() {
        String image = System.getProperty(IMAGE_PROPERTY, "").trim();
        return image.isEmpty() ? DEFAULT_IMAGE : image;
    }

    /**
     * Decides from the system property and the environment.
     *
     * @throws IllegalArgumentException if {@code tributary.test.broker} has an unknown value
     */
    static BrokerChoice decide() {
        String requested = System.getProperty(PROPERTY, "auto").trim().toLowerCase(Locale.ROOT);
        switch (requested) {
            case "", "auto" -> {
                List<String> hints = dockerHints();
                if (hints.isEmpty()) {
                    return new BrokerChoice(Kind.EMBEDDED, false, PROPERTY + "=auto and no Docker socket or "
                            + "DOCKER_HOST is set; using the embedded KRaft broker without probing Docker");
                }
                if (dockerAnswers()) {
                    return new BrokerChoice(Kind.TESTCONTAINERS, true,
                            PROPERTY + "=auto and a Docker engine answers (" + String.join(", ", hints) + ")");
                }
                return new BrokerChoice(Kind.EMBEDDED, false, PROPERTY + "=auto and no Docker engine answers ("
                        + String.join(", ", hints) + "); using the embedded KRaft broker");
            }
            case KafkaBroker.EMBEDDED -> {
                return new BrokerChoice(Kind.EMBEDDED, false, PROPERTY + "=embedded");
            }
            case KafkaBroker.TESTCONTAINERS -> {
                if (!dockerHints().isEmpty() && dockerAnswers()) {
                    return new BrokerChoice(Kind.TESTCONTAINERS, false, PROPERTY + "=testcontainers");
                }
                return new BrokerChoice(Kind.SKIP, false, PROPERTY + "=testcontainers but no Docker engine answers; "
                        + "skipping (use -D" + PROPERTY + "=embedded or auto)");
            }
            default -> throw new IllegalArgumentException(PROPERTY + " must be auto, embedded or testcontainers, got '"
                    + System.getProperty(PROPERTY) + "'; pass e.g. -D" + PROPERTY + "=embedded");
        }
    }

    /**
     * Signs that a Docker engine may be reachable. Asking Testcontainers without any is slow and logs stack traces, so
     * {@code auto} does not ask then. Windows (named pipes) always counts as a sign.
     */
    private static List<String> dockerHints() {
        List<String> hints = new ArrayList<>();
        Map<String, String> env = System.getenv();
        for (String variable : List.of("DOCKER_HOST", "TESTCONTAINERS_DOCKER_SOCKET_OVERRIDE")) {
            String value = env.get(variable);
            if (value != null && !value.isBlank()) {
                hints.add(variable + "=" + value);
            }
        }
        String home = System.getProperty("user.home", "");
        @Nullable String runtimeDir = env.get("XDG_RUNTIME_DIR");
        List<Path> sockets = new ArrayList<>(List.of(Path.of("/var/run/docker.sock"),
                Path.of(home, ".docker", "run", "docker.sock"), Path.of(home, ".docker", "desktop", "docker.sock")));
        if (runtimeDir != null && !runtimeDir.isBlank()) {
            sockets.add(Path.of(runtimeDir, "docker.sock"));
        }
        for (Path socket : sockets) {
            if (Files.exists(socket)) {
                hints.add(socket.toString());
            }
        }
        if (Files.isRegularFile(Path.of(home, ".testcontainers.properties"))) {
            hints.add("~/.testcontainers.properties");
        }
        if (System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("windows")) {
            hints.add("Windows");
        }
        return hints;
    }

    private static boolean dockerAnswers() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        }
        catch (RuntimeException | LinkageError ex) {
            log.debug("Docker probe failed", ex);
            return false;
        }
    }

    @Override
    public String toString() {
        return kind + " (" + reason + ")";
    }
}
