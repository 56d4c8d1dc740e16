package io.tributary.e2e.k8s;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ByteArrayResource;

/** Files of the repository the example configuration tests read: {@code k8s/} and {@code config/}. */
final class RepositoryFiles {

    private RepositoryFiles() {
    }

    /**
     * The repository root: the nearest directory at or above the working directory (Surefire runs in
     * {@code src/test}) that holds both {@code k8s/} and {@code framework/}.
     */
    static Path root() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("k8s")) && Files.isDirectory(dir.resolve("framework"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no directory holding k8s/ and framework/ at or above "
                + Path.of("").toAbsolutePath() + "; run the tests from inside the repository");
    }

    static Path k8s() {
        return root().resolve("k8s");
    }

    static Path config() {
        return root().resolve("config");
    }

    /** The {@code .yaml} and {@code .yml} files directly in {@code dir}, sorted by name. */
    static List<Path> yamlFiles(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(Files::isRegularFile)
                    .filter(file -> file.getFileName().toString().matches(".*\\.ya?ml"))
                    .sorted()
                    .toList();
        }
        catch (IOException ex) {
            throw new UncheckedIOException("cannot list " + dir, ex);
        }
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        }
        catch (IOException ex) {
            throw new UncheckedIOException("cannot read " + file, ex);
        }
    }

    /** A Spring Boot configuration file's text as Spring Boot loads it (a single document). */
    static PropertySource<?> springConfig(String name, String yaml) {
        try {
            List<PropertySource<?>> documents = new YamlPropertySourceLoader().load(name,
                    new ByteArrayResource(yaml.getBytes(StandardCharsets.UTF_8), name));
            if (documents.size() != 1) {
                throw new IllegalArgumentException(name + ": expected one YAML document, got " + documents.size());
            }
            return documents.get(0);
        }
        catch (IOException ex) {
            throw new UncheckedIOException("cannot load " + name + " as Spring Boot configuration", ex);
        }
    }

    /** A binder over one Spring Boot configuration file, with Spring Boot's relaxed names and conversions. */
    static Binder binder(PropertySource<?> config) {
        return new Binder(ConfigurationPropertySources.from(config));
    }
}
