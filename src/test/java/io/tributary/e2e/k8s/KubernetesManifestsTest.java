package io.tributary.e2e.k8s;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.tributary.e2e.k8s.StrictManifestReader.Manifest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.core.env.PropertySource;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The manifests of {@code k8s/}: each parses strictly as the Kubernetes API object it claims to be, and they fit
 * together and fit the application: probes and ports on what the service exposes, the pod name as the Tributary
 * instance id, the state directory on the pod's own volume, shutdown within the grace period, memory for heap and
 * RocksDB.
 */
class KubernetesManifestsTest {

    private static final String LIVENESS = "/actuator/health/liveness";
    private static final String READINESS = "/actuator/health/readiness";

    private final StockTickerManifests manifests = StockTickerManifests.read();

    @Test
    void everyManifestParsesStrictlyAsItsKind() {
        List<Path> files = RepositoryFiles.yamlFiles(RepositoryFiles.k8s()).stream()
                .filter(file -> !file.getFileName().toString().equals(StockTickerManifests.KUSTOMIZATION))
                .toList();
        assertThat(files).isNotEmpty();
        assertThat(manifests.all()).extracting(Manifest::file).containsAll(files);
        assertThat(manifests.all())
                .allSatisfy(manifest -> assertThat(manifest.resource().getMetadata().getName())
                        .as(manifest.describe()).isNotBlank())
                .extracting(manifest -> manifest.resource().getKind() + "/"
                        + manifest.resource().getMetadata().getName())
                .doesNotHaveDuplicates();
    }

    @Test
    void strictReadingRejectsAnUnknownFieldAtAnyDepth() {
        String serviceWithTypo = """
                apiVersion: v1
                kind: Service
                metadata:
                  name: typo
                spec:
                  ports:
                    - port: 8080
                      targetPrt: http
                """;
        assertThatThrownBy(() -> new StrictManifestReader().parse(serviceWithTypo, "typo.yaml"))
                .hasMessageContaining("targetPrt");
    }

    @Test
    void strictReadingRejectsAValueOfTheWrongType() {
        String numberForString = """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: numbers
                data:
                  PARTITIONS: 6
                """;
        assertThatThrownBy(() -> new StrictManifestReader().parse(numberForString, "numbers.yaml"))
                .hasMessageContaining("numbers.yaml")
                .hasMessageContaining("PARTITIONS");
    }

    @Test
    void strictReadingRejectsAnUnknownKind() {
        String deployment = """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: stateless
                """;
        assertThatThrownBy(() -> new StrictManifestReader().parse(deployment, "deployment.yaml"))
                .hasMessageContaining("apps/v1/Deployment");
    }

    @Test
    void kustomizationAppliesEveryManifestButTheSecretTemplate() {
        StrictManifestReader reader = new StrictManifestReader();
        Path file = RepositoryFiles.k8s().resolve(StockTickerManifests.KUSTOMIZATION);
        List<JsonNode> documents = reader.documents(file);
        assertThat(documents).hasSize(1);
        Kustomization kustomization = reader.bind(documents.get(0), Kustomization.class, file.toString());

        assertThat(kustomization.apiVersion()).isEqualTo("kustomize.config.k8s.io/v1beta1");
        assertThat(kustomization.kind()).isEqualTo("Kustomization");
        Set<String> expected = new LinkedHashSet<>();
        RepositoryFiles.yamlFiles(RepositoryFiles.k8s()).forEach(path -> expected.add(path.getFileName().toString()));
        expected.remove(StockTickerManifests.KUSTOMIZATION);
        expected.remove(StockTickerManifests.SECRET_TEMPLATE);
        assertThat(kustomization.resources()).as("resources of k8s/kustomization.yaml; the Secret template stays out "
                + "so that applying never overwrites real credentials with placeholders")
                .containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void probesCheckTheActuatorHealthGroupsOnTheServerPort() {
        Container container = manifests.container();
        int serverPort = manifests.serverPort();
        assertThat(container.getPorts()).extracting(ContainerPort::getContainerPort).containsExactly(serverPort);

        assertHttpProbe(container.getLivenessProbe(), "livenessProbe", LIVENESS, serverPort);
        assertHttpProbe(container.getReadinessProbe(), "readinessProbe", READINESS, serverPort);
        if (container.getStartupProbe() != null) {
            assertHttpProbe(container.getStartupProbe(), "startupProbe", LIVENESS, serverPort);
        }
    }

    @Test
    void servicesRouteToTheServerPortOfThePods() {
        assertThat(manifests.services()).isNotEmpty().allSatisfy(service -> {
            assertThat(service.getSpec().getSelector()).as("selector of Service " + name(service)).isNotEmpty();
            assertThat(manifests.podLabels()).as("pod labels against the selector of Service " + name(service))
                    .containsAllEntriesOf(service.getSpec().getSelector());
            assertThat(service.getSpec().getPorts()).as("ports of Service " + name(service)).isNotEmpty()
                    .allSatisfy(port -> assertThat(manifests.containerPort(port.getTargetPort()))
                            .as("targetPort of Service " + name(service) + " port " + port.getName())
                            .isEqualTo(manifests.serverPort()));
        });
    }

    @Test
    void headlessServiceGovernsTheStatefulSet() {
        StatefulSet statefulSet = manifests.statefulSet();
        Service headless = manifests.service(statefulSet.getSpec().getServiceName());

        assertThat(headless.getSpec().getClusterIP()).isEqualTo("None");
        assertThat(headless.getSpec().getSelector()).isNotEmpty();
        assertThat(manifests.podLabels()).containsAllEntriesOf(headless.getSpec().getSelector());
        assertThat(statefulSet.getSpec().getSelector().getMatchLabels()).isNotEmpty();
        assertThat(manifests.podLabels()).containsAllEntriesOf(statefulSet.getSpec().getSelector().getMatchLabels());
        assertThat(statefulSet.getSpec().getSelector().getMatchExpressions()).isEmpty();
        assertThat(headless.getSpec().getPorts()).extracting(ServicePort::getName)
                .contains(manifests.container().getPorts().get(0).getName());
    }

    @Test
    void disruptionBudgetLetsOnePodGoAtATime() {
        PodDisruptionBudget budget = manifests.disruptionBudget();

        assertThat(budget.getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1);
        assertThat(budget.getSpec().getMinAvailable()).isNull();
        assertThat(budget.getSpec().getSelector().getMatchLabels())
                .isEqualTo(manifests.statefulSet().getSpec().getSelector().getMatchLabels());
    }

    @Test
    void instanceIdIsThePodName() {
        EnvVar instanceId = manifests.env("TRIBUTARY_INSTANCE_ID")
                .orElseThrow(() -> new AssertionError("the container sets no TRIBUTARY_INSTANCE_ID"));

        assertThat(instanceId.getValue()).isNull();
        assertThat(instanceId.getValueFrom().getFieldRef().getFieldPath()).isEqualTo("metadata.name");
        assertThat(RepositoryFiles.binder(manifests.productionProfile()).bind("tributary.instance-id", String.class)
                .isBound()).as("tributary.instance-id in the profile would give every pod the same id").isFalse();
        for (EnvFromSource source : manifests.container().getEnvFrom()) {
            if (source.getConfigMapRef() != null) {
                assertThat(manifests.configMap(source.getConfigMapRef().getName()).getData())
                        .doesNotContainKey("TRIBUTARY_INSTANCE_ID");
            }
        }
    }

    @Test
    void advertisedUrlIsThePodsStableNameUnderTheHeadlessService() {
        StatefulSet statefulSet = manifests.statefulSet();
        String pod = statefulSet.getMetadata().getName() + "-2";
        Service headless = manifests.service(statefulSet.getSpec().getServiceName());
        String url = manifests.podEnvironment(pod, "trading").get("TRIBUTARY_ADVERTISED_URL");

        assertThat(url).as("TRIBUTARY_ADVERTISED_URL of pod %s: the state query's 421 answers name it", pod)
                .isEqualTo("http://" + pod + "." + headless.getMetadata().getName() + ".trading.svc:"
                        + manifests.serverPort());
        assertThat(headless.getSpec().getPublishNotReadyAddresses())
                .as("the name resolves while the pod restores state, not yet ready").isTrue();
        assertThat(RepositoryFiles.binder(manifests.productionProfile()).bind("tributary.advertised-url",
                String.class).isBound()).as("tributary.advertised-url in the profile would give every pod the same URL")
                .isFalse();
    }

    @Test
    void everyVariableReferenceInTheContainerEnvResolves() {
        Map<String, String> environment = manifests.podEnvironment("stock-ticker-0", "trading");

        assertThat(environment.values()).as("$(VAR) the kubelet would leave unexpanded (VAR not defined before it)")
                .noneMatch(value -> value.matches(".*(?<!\\$)\\$\\([A-Za-z_][A-Za-z0-9_.-]*\\).*"));
    }

    @Test
    void stateDirectoryIsOnThePodsOwnVolume() {
        String stateDir = RepositoryFiles.binder(manifests.productionProfile())
                .bind("tributary.state-dir", String.class)
                .orElseThrow(() -> new AssertionError("the profile sets no tributary.state-dir"));
        VolumeMount mount = manifests.mountAt(stateDir).orElseThrow(() -> new AssertionError(
                "no volume is mounted at tributary.state-dir " + stateDir));

        assertThat(mount.getReadOnly()).isNotEqualTo(Boolean.TRUE);
        assertThat(mount.getSubPath()).isNull();
        PersistentVolumeClaim claim = manifests.statefulSet().getSpec().getVolumeClaimTemplates().stream()
                .filter(template -> template.getMetadata().getName().equals(mount.getName()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("the volume at " + stateDir + " (" + mount.getName()
                        + ") is not one of the StatefulSet's volumeClaimTemplates, so it is not the pod's own"));
        assertThat(claim.getSpec().getAccessModes()).containsExactly("ReadWriteOnce");
        assertThat(claim.getSpec().getResources().getRequests()).containsKey("storage");
        assertThat(manifests.podSpec().getVolumes()).noneMatch(volume -> volume.getName().equals(mount.getName()));
    }

    @Test
    void terminationGraceOutlastsTheShutdownPhase() {
        Binder profile = RepositoryFiles.binder(manifests.productionProfile());
        Duration phase = profile.bind("spring.lifecycle.timeout-per-shutdown-phase", String.class)
                .map(DurationStyle::detectAndParse)
                .orElse(Duration.ofSeconds(30));
        Long grace = manifests.podSpec().getTerminationGracePeriodSeconds();

        assertThat(profile.bind("server.shutdown", String.class).orElse("graceful")).isEqualTo("graceful");
        assertThat(grace).as("terminationGracePeriodSeconds").isNotNull();
        assertThat(Duration.ofSeconds(grace)).as("terminationGracePeriodSeconds against "
                + "spring.lifecycle.timeout-per-shutdown-phase").isGreaterThan(phase);
    }

    @Test
    void commonPoolHasTwoThreadsOnASmallCpuLimit() {
        // below 2, CompletableFuture's default executor (where the JDK HttpClient completes each enrichment
        // response) starts a thread per task; a 1-CPU limit makes the JVM size the common pool to 1
        String javaOptions = manifests.env("JAVA_TOOL_OPTIONS").map(EnvVar::getValue).orElse("");
        Matcher parallelism = Pattern.compile("-Djava\\.util\\.concurrent\\.ForkJoinPool\\.common\\.parallelism=(\\d+)")
                .matcher(javaOptions);

        assertThat(parallelism.find()).as("the common pool's parallelism in JAVA_TOOL_OPTIONS").isTrue();
        assertThat(Integer.parseInt(parallelism.group(1))).isGreaterThanOrEqualTo(2);
    }

    @Test
    void memoryLimitHoldsHeapRocksDbAndTheJvm() {
        Map<String, Quantity> limits = manifests.container().getResources().getLimits();
        assertThat(limits).containsKey("memory");
        BigDecimal limit = Quantity.getAmountInBytes(limits.get("memory"));
        String javaOptions = manifests.env("JAVA_TOOL_OPTIONS").map(EnvVar::getValue).orElse("");
        Matcher heap = Pattern.compile("-Xmx(\\d+[kKmMgG]?)").matcher(javaOptions);
        assertThat(heap.find()).as("a fixed heap (-Xmx in JAVA_TOOL_OPTIONS), else the JVM sizes it from the "
                + "limit without leaving room for RocksDB").isTrue();
        long heapBytes = jvmSize(heap.group(1));
        long budget = RepositoryFiles.binder(manifests.productionProfile())
                .bind("tributary.rocksdb.memory-budget", Bindable.of(DataSize.class))
                .orElse(DataSize.ofMegabytes(256))
                .toBytes();
        long jvmOverhead = DataSize.ofMegabytes(256).toBytes();

        assertThat(limit).as("memory limit against heap %d + tributary.rocksdb.memory-budget %d + 256MiB for "
                + "metaspace, threads and buffers", heapBytes, budget)
                .isGreaterThan(BigDecimal.valueOf(heapBytes + budget + jvmOverhead));
        assertThat(manifests.container().getResources().getRequests()).containsKey("memory");
    }

    @Test
    void podRunsAsNonRootWithAReadOnlyRootFilesystem() {
        PodSecurityContext pod = manifests.podSpec().getSecurityContext();
        SecurityContext container = manifests.container().getSecurityContext();

        assertThat(pod.getRunAsNonRoot()).isTrue();
        assertThat(pod.getRunAsUser()).isNotEqualTo(0L);
        assertThat(container.getAllowPrivilegeEscalation()).isFalse();
        assertThat(container.getPrivileged()).isNotEqualTo(Boolean.TRUE);
        assertThat(container.getCapabilities().getDrop()).contains("ALL");
        if (Boolean.TRUE.equals(container.getReadOnlyRootFilesystem())) {
            assertThat(manifests.mountAt("/tmp")).as("a writable /tmp (java.io.tmpdir, where RocksDB's native "
                    + "library is unpacked) under a read-only root filesystem").isPresent();
        }
    }

    @Test
    void everyEnvironmentPlaceholderOfTheProfileIsSetInThePod() {
        String pod = manifests.statefulSet().getMetadata().getName() + "-0";
        Map<String, String> environment = manifests.podEnvironment(pod);
        Matcher placeholder = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)(:[^}]*)?}")
                .matcher(manifests.productionProfileText());
        Set<String> required = new LinkedHashSet<>();
        while (placeholder.find()) {
            if (placeholder.group(2) == null) {
                required.add(placeholder.group(1));
            }
        }

        assertThat(required).contains("KAFKA_BOOTSTRAP_SERVERS", "KAFKA_USERNAME", "KAFKA_PASSWORD");
        assertThat(environment.keySet()).as("the pod's environment (env, and envFrom the ConfigMap and the Secret)")
                .containsAll(required);
    }

    @Test
    void configMapCarriesTheProductionProfileOfConfig() {
        StrictManifestReader reader = new StrictManifestReader();
        JsonNode inConfigMap = reader.documents(manifests.productionProfileText(), "k8s/configmap.yaml").get(0);
        JsonNode inConfig = reader.documents(RepositoryFiles.config().resolve("application-prod.yaml")).get(0);

        assertThat(inConfigMap).as("application-prod.yaml in k8s/configmap.yaml; copy config/application-prod.yaml "
                + "over it").isEqualTo(inConfig);
    }

    @Test
    void configFilesParseAndTheProductionProfileExposesOnlyHealthInfoAndPrometheus() {
        StrictManifestReader reader = new StrictManifestReader();
        assertThat(RepositoryFiles.yamlFiles(RepositoryFiles.config())).isNotEmpty()
                .allSatisfy(file -> assertThat(reader.documents(file)).as(file.toString()).isNotEmpty());
        PropertySource<?> prod = RepositoryFiles.springConfig("config/application-prod.yaml",
                RepositoryFiles.read(RepositoryFiles.config().resolve("application-prod.yaml")));
        Binder binder = RepositoryFiles.binder(prod);

        assertThat(binder.bind("management.endpoints.web.exposure.include", Bindable.setOf(String.class)).get())
                .containsExactlyInAnyOrder("health", "info", "prometheus");
        assertThat(binder.bind("management.endpoint.health.probes.enabled", Boolean.class).get()).isTrue();
        assertThat(binder.bind("management.server.port", Integer.class).isBound())
                .as("the actuator on its own port would not be the port the probes check").isFalse();
    }

    private void assertHttpProbe(Probe probe, String which, String path, int port) {
        assertThat(probe).as(which).isNotNull();
        assertThat(probe.getHttpGet()).as(which + ".httpGet").isNotNull();
        assertThat(probe.getHttpGet().getPath()).as(which + " path").isEqualTo(path);
        assertThat(probe.getHttpGet().getScheme()).as(which + " scheme").isIn(null, "HTTP");
        assertThat(probe.getHttpGet().getPort()).as(which + " port").isNotNull();
        assertThat(manifests.containerPort(probe.getHttpGet().getPort())).as(which + " port").isEqualTo(port);
    }

    /** A JVM option's size ({@code 768m}, {@code 2g}, {@code 1048576}) in bytes. */
    private static long jvmSize(String size) {
        String unit = size.replaceAll("\\d", "").toUpperCase();
        return DataSize.parse(size.replaceAll("\\D", "") + (unit.isEmpty() ? "B" : unit + "B")).toBytes();
    }

    private static String name(Service service) {
        return service.getMetadata().getName();
    }

    /** The fields of a Kustomization this repository uses or may reasonably add; anything else fails. */
    record Kustomization(String apiVersion, String kind, List<String> resources, String namespace,
            String namePrefix, List<Map<String, Object>> labels, List<Map<String, Object>> images) {
    }
}
