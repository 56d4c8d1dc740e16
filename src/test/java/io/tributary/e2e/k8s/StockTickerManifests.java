package io.tributary.e2e.k8s;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.tributary.e2e.k8s.StrictManifestReader.Manifest;
import org.springframework.core.env.PropertySource;

/**
 * The manifests of {@code k8s/}, each parsed strictly, with the links between them followed: the StatefulSet's one
 * container, the environment its pods get, the production profile mounted from the ConfigMap.
 *
 * <p>Exists so that the tests state what must hold rather than how to walk from one object to the next. Every lookup
 * fails with a message naming what is missing; nothing is cached, so a broken manifest fails each test that needs
 * it with the parse error.
 */
final class StockTickerManifests {

    static final String KUSTOMIZATION = "kustomization.yaml";
    static final String SECRET_TEMPLATE = "secret.example.yaml";

    /** Spring Boot's environment variable naming the extra configuration locations the pod reads. */
    private static final String CONFIG_LOCATION = "SPRING_CONFIG_ADDITIONAL_LOCATION";
    private static final String PROFILES = "SPRING_PROFILES_ACTIVE";
    private static final int DEFAULT_SERVER_PORT = 8080;

    private final List<Manifest> manifests;

    private StockTickerManifests(List<Manifest> manifests) {
        this.manifests = manifests;
    }

    /** Parses every manifest of {@code k8s/} but the kustomization. */
    static StockTickerManifests read() {
        StrictManifestReader reader = new StrictManifestReader();
        List<Manifest> manifests = new ArrayList<>();
        for (Path file : RepositoryFiles.yamlFiles(RepositoryFiles.k8s())) {
            if (!file.getFileName().toString().equals(KUSTOMIZATION)) {
                manifests.addAll(reader.read(file));
            }
        }
        return new StockTickerManifests(manifests);
    }

    List<Manifest> all() {
        return manifests;
    }

    StatefulSet statefulSet() {
        return only(StatefulSet.class);
    }

    PodDisruptionBudget disruptionBudget() {
        return only(PodDisruptionBudget.class);
    }

    List<Service> services() {
        return ofKind(Service.class);
    }

    Service service(String name) {
        return named(Service.class, name);
    }

    ConfigMap configMap(String name) {
        return named(ConfigMap.class, name);
    }

    /** The Secret of {@code secret.example.yaml}: the keys the real one must have. */
    Secret secretTemplate() {
        return manifests.stream()
                .filter(manifest -> manifest.file().getFileName().toString().equals(SECRET_TEMPLATE))
                .map(Manifest::resource)
                .filter(Secret.class::isInstance)
                .map(Secret.class::cast)
                .findFirst()
                .orElseThrow(() -> new AssertionError("k8s/" + SECRET_TEMPLATE + " holds no Secret"));
    }

    PodSpec podSpec() {
        return statefulSet().getSpec().getTemplate().getSpec();
    }

    Map<String, String> podLabels() {
        return statefulSet().getSpec().getTemplate().getMetadata().getLabels();
    }

    /** The service's one container. */
    Container container() {
        List<Container> containers = podSpec().getContainers();
        if (containers.size() != 1) {
            throw new AssertionError("the StatefulSet's pod should run one container, the service; it runs "
                    + containers.stream().map(Container::getName).toList());
        }
        return containers.get(0);
    }

    Optional<EnvVar> env(String name) {
        return container().getEnv().stream().filter(env -> env.getName().equals(name)).findFirst();
    }

    Optional<VolumeMount> mountAt(String path) {
        return container().getVolumeMounts().stream()
                .filter(mount -> stripSlash(mount.getMountPath()).equals(stripSlash(path)))
                .findFirst();
    }

    /** The port number a probe or Service port names, resolving a port name against the container's ports. */
    int containerPort(IntOrString port) {
        if (port.getIntVal() != null) {
            return port.getIntVal();
        }
        return container().getPorts().stream()
                .filter(candidate -> port.getStrVal().equals(candidate.getName()))
                .map(ContainerPort::getContainerPort)
                .findFirst()
                .orElseThrow(() -> new AssertionError("port '" + port.getStrVal()
                        + "' is not the name of a port of container " + container().getName()));
    }

    /** {@link #podEnvironment(String, String)} in the namespace {@code default}. */
    Map<String, String> podEnvironment(String podName) {
        return podEnvironment(podName, "default");
    }

    /**
     * The environment of pod {@code podName} in {@code namespace} as the kubelet builds it: the container's
     * {@code envFrom} sources (the Secret's keys from its template), then its {@code env}, {@code metadata.name} and
     * {@code metadata.namespace} resolved, and {@code $(VAR)} in a value replaced by a variable defined before it
     * (left as it is otherwise, as the kubelet does).
     */
    Map<String, String> podEnvironment(String podName, String namespace) {
        Map<String, String> environment = new LinkedHashMap<>();
        for (EnvFromSource source : container().getEnvFrom()) {
            if (source.getConfigMapRef() != null) {
                environment.putAll(configMap(source.getConfigMapRef().getName()).getData());
            }
            if (source.getSecretRef() != null) {
                Secret secret = secretTemplate();
                if (!secret.getMetadata().getName().equals(source.getSecretRef().getName())) {
                    throw new AssertionError("the pod reads Secret " + source.getSecretRef().getName() + " but k8s/"
                            + SECRET_TEMPLATE + " describes " + secret.getMetadata().getName());
                }
                environment.putAll(secret.getStringData());
            }
        }
        Map<String, String> fields = Map.of("metadata.name", podName, "metadata.namespace", namespace);
        for (EnvVar env : container().getEnv()) {
            if (env.getValue() != null) {
                environment.put(env.getName(), expand(env.getValue(), environment));
            }
            else if (env.getValueFrom() != null && env.getValueFrom().getFieldRef() != null
                    && fields.containsKey(env.getValueFrom().getFieldRef().getFieldPath())) {
                environment.put(env.getName(), fields.get(env.getValueFrom().getFieldRef().getFieldPath()));
            }
        }
        return environment;
    }

    /** Kubernetes' dependent environment variables: {@code $(NAME)} of a defined variable, {@code $$} for {@code $}. */
    private static String expand(String value, Map<String, String> defined) {
        Matcher reference = Pattern.compile("\\$\\$|\\$\\(([A-Za-z_][A-Za-z0-9_.-]*)\\)").matcher(value);
        StringBuilder expanded = new StringBuilder();
        while (reference.find()) {
            String name = reference.group(1);
            String replacement = name == null ? "$" : defined.getOrDefault(name, reference.group());
            reference.appendReplacement(expanded, Matcher.quoteReplacement(replacement));
        }
        return reference.appendTail(expanded).toString();
    }

    /**
     * The text of the profile the pods run with: the file named for {@code SPRING_PROFILES_ACTIVE} in the
     * ConfigMap mounted at {@code SPRING_CONFIG_ADDITIONAL_LOCATION}.
     */
    String productionProfileText() {
        String profile = env(PROFILES).map(EnvVar::getValue)
                .orElseThrow(() -> new AssertionError("the container sets no " + PROFILES));
        String location = env(CONFIG_LOCATION).map(EnvVar::getValue)
                .orElseThrow(() -> new AssertionError("the container sets no " + CONFIG_LOCATION));
        String directory = location.replaceFirst("^optional:", "").replaceFirst("^file:", "");
        VolumeMount mount = mountAt(directory).orElseThrow(() -> new AssertionError(CONFIG_LOCATION + " is "
                + location + " but no volume is mounted at " + directory));
        Volume volume = podSpec().getVolumes().stream()
                .filter(candidate -> candidate.getName().equals(mount.getName()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no pod volume named " + mount.getName()));
        if (volume.getConfigMap() == null) {
            throw new AssertionError("volume " + volume.getName() + " at " + directory + " is not a ConfigMap");
        }
        String file = "application-" + profile + ".yaml";
        String text = configMap(volume.getConfigMap().getName()).getData().get(file);
        if (text == null) {
            throw new AssertionError("ConfigMap " + volume.getConfigMap().getName() + " has no " + file
                    + " for profile '" + profile + "'");
        }
        return text;
    }

    PropertySource<?> productionProfile() {
        return RepositoryFiles.springConfig("k8s/configmap.yaml application-prod.yaml", productionProfileText());
    }

    int serverPort() {
        return RepositoryFiles.binder(productionProfile()).bind("server.port", Integer.class)
                .orElse(DEFAULT_SERVER_PORT);
    }

    private static String stripSlash(String path) {
        return path.endsWith("/") && path.length() > 1 ? path.substring(0, path.length() - 1) : path;
    }

    private <T extends HasMetadata> List<T> ofKind(Class<T> type) {
        return manifests.stream().map(Manifest::resource).filter(type::isInstance).map(type::cast).toList();
    }

    private <T extends HasMetadata> T only(Class<T> type) {
        List<T> found = ofKind(type);
        if (found.size() != 1) {
            throw new AssertionError("k8s/ should hold one " + type.getSimpleName() + ", it holds " + found.size());
        }
        return found.get(0);
    }

    private <T extends HasMetadata> T named(Class<T> type, String name) {
        return ofKind(type).stream()
                .filter(resource -> resource.getMetadata().getName().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("k8s/ holds no " + type.getSimpleName() + " named " + name));
    }
}
