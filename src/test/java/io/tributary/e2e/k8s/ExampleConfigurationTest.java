package io.tributary.e2e.k8s;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tributary.api.ProcessingGuarantee;
import io.tributary.api.ProcessorStatus;
import io.tributary.api.StateBackend;
import io.tributary.api.TributaryConfig;
import io.tributary.autoconfigure.TributaryAutoConfiguration;
import io.tributary.autoconfigure.TributaryProperties;
import io.tributary.metrics.TributaryMeterBinder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.handler.NoUnboundElementsBindHandler;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The example configuration of {@code config/}: the Spring Boot profiles bind to the starter's properties with no
 * unknown key and configure Tributary as the pods need; the Prometheus scrape configuration finds the pods'
 * actuator; the Grafana dashboard charts the Prometheus series of Tributary's meters.
 */
class ExampleConfigurationTest {

    @ParameterizedTest
    @ValueSource(strings = { "application-dev.yaml", "application-prod.yaml" })
    void profileBindsToTheStarterPropertiesWithoutUnknownKeys(String file) {
        Path path = RepositoryFiles.config().resolve(file);
        Binder binder = RepositoryFiles.binder(RepositoryFiles.springConfig(file, RepositoryFiles.read(path)));
        BindHandler strict = new NoUnboundElementsBindHandler(BindHandler.DEFAULT);

        TributaryProperties tributary = binder.bindOrCreate("tributary", Bindable.of(TributaryProperties.class),
                strict);
        binder.bindOrCreate("spring.kafka", Bindable.of(KafkaProperties.class), strict);

        assertThat(tributary.getProcessingGuarantee()).isEqualTo(ProcessingGuarantee.EXACTLY_ONCE);
        assertThat(tributary.getCommitInterval()).isPositive();
    }

    @Test
    void productionProfileConfiguresTributaryForEachPod() {
        StockTickerManifests manifests = StockTickerManifests.read();
        String pod = manifests.statefulSet().getMetadata().getName() + "-1";
        Map<String, Object> environment = new LinkedHashMap<>(manifests.podEnvironment(pod, "trading"));
        PropertySource<?> profile = manifests.productionProfile();
        String stateDir = RepositoryFiles.binder(profile).bind("tributary.state-dir", String.class).get();

        contextRunner(environment, profile).run(context -> {
            assertThat(context).hasNotFailed();
            TributaryConfig config = context.getBean(TributaryConfig.class);
            assertThat(config.instanceId()).isEqualTo(pod);
            assertThat(config.advertisedUrl()).hasToString("http://" + pod + "."
                    + manifests.statefulSet().getSpec().getServiceName() + ".trading.svc:" + manifests.serverPort());
            assertThat(config.applicationId()).isEqualTo("stock-ticker");
            assertThat(config.stateDir()).isEqualTo(Path.of(stateDir));
            assertThat(config.stateBackend()).isEqualTo(StateBackend.ROCKSDB);
            assertThat(config.guarantee()).isEqualTo(ProcessingGuarantee.EXACTLY_ONCE);
            assertThat(config.kafkaProperties())
                    .containsEntry("bootstrap.servers",
                            List.of(((String) environment.get("KAFKA_BOOTSTRAP_SERVERS")).split(",")))
                    .containsEntry("security.protocol", "SASL_SSL")
                    .containsEntry("sasl.mechanism", "SCRAM-SHA-512");
            assertThat((String) config.kafkaProperties().get("sasl.jaas.config"))
                    .contains("username=\"" + environment.get("KAFKA_USERNAME") + "\"")
                    .contains("password=\"" + environment.get("KAFKA_PASSWORD") + "\"");
        });
    }

    @Test
    void prometheusScrapesTheActuatorOfThePods() {
        StockTickerManifests manifests = StockTickerManifests.read();
        Path file = RepositoryFiles.config().resolve("prometheus.yml");
        JsonNode prometheus = new StrictManifestReader().documents(file).get(0);
        JsonNode jobs = prometheus.path("scrape_configs");

        assertThat(jobs.isArray() && !jobs.isEmpty()).as("scrape_configs of " + file).isTrue();
        jobs.forEach(job -> assertThat(job.path("metrics_path").asText()).as(job.path("job_name").asText())
                .isEqualTo("/actuator/prometheus"));
        Map<String, String> kept = new LinkedHashMap<>();
        jobs.forEach(job -> job.path("relabel_configs").forEach(relabel -> {
            if ("keep".equals(relabel.path("action").asText())) {
                kept.put(relabel.path("source_labels").get(0).asText(), relabel.path("regex").asText());
            }
        }));
        assertThat(kept)
                .containsEntry("__meta_kubernetes_pod_label_app_kubernetes_io_name",
                        manifests.podLabels().get("app.kubernetes.io/name"))
                .containsEntry("__meta_kubernetes_pod_container_port_name",
                        manifests.container().getPorts().get(0).getName());
        Map<String, String> annotations = manifests.statefulSet().getSpec().getTemplate().getMetadata()
                .getAnnotations();
        if (annotations != null && annotations.containsKey("prometheus.io/scrape")) {
            assertThat(annotations)
                    .containsEntry("prometheus.io/path", "/actuator/prometheus")
                    .containsEntry("prometheus.io/port", String.valueOf(manifests.serverPort()));
        }
    }

    @Test
    void grafanaDashboardChartsEveryTributaryMeter() throws Exception {
        Path file = RepositoryFiles.config().resolve("grafana-dashboard.json");
        JsonNode dashboard = new ObjectMapper().readTree(file.toFile());
        Map<String, Set<String>> families = tributarySeries();
        Set<String> allowed = new TreeSet<>();
        families.values().forEach(allowed::addAll);
        Set<String> used = new LinkedHashSet<>();
        Set<Integer> panelIds = new LinkedHashSet<>();
        Pattern series = Pattern.compile("\\btributary_[a-z_]+");

        assertThat(dashboard.path("title").asText()).isNotBlank();
        assertThat(dashboard.path("uid").asText()).isNotBlank();
        for (JsonNode panel : dashboard.path("panels")) {
            assertThat(panelIds.add(panel.path("id").asInt())).as("unique panel id " + panel.path("id")).isTrue();
            for (JsonNode target : panel.path("targets")) {
                Matcher matcher = series.matcher(target.path("expr").asText());
                while (matcher.find()) {
                    used.add(matcher.group());
                }
            }
        }

        assertThat(families).as("the starter's meters, enrichment's included").containsKeys(
                "tributary_records_in_total", "tributary_enrich_in_flight", "tributary_enrich_outcomes_total");
        assertThat(allowed).as("Prometheus series of Tributary's meters").containsAll(used);
        families.forEach((family, samples) -> assertThat(used).as("series of " + family + " charted")
                .containsAnyElementsOf(samples));
    }

    /**
     * The Prometheus series of every meter the starter's {@link TributaryMeterBinder} registers, by metric family, as
     * a Prometheus registry scrapes them: the binder is the list, so a meter added to it must be charted too.
     */
    private static Map<String, Set<String>> tributarySeries() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        ProcessorStatus status = new ProcessorStatus("enrich", true, false, Set.of(0), 1, 1, 0, 1, null,
                List.of("stock_ticker"), "stock_ticker_enriched", 0, 0, 0, Duration.ZERO, 0, 0);
        new TributaryMeterBinder(() -> Map.of("enrich", status)).bindTo(registry);
        Map<String, Set<String>> families = new TreeMap<>();
        for (String line : registry.scrape().split("\n")) {
            if (line.startsWith("# TYPE tributary_")) {
                families.put(line.split(" ")[2], new TreeSet<>());
            }
            else if (line.startsWith("tributary_")) {
                String sample = line.split("[{ ]")[0];
                families.entrySet().stream().filter(family -> sample.startsWith(family.getKey()))
                        .max(Comparator.comparingInt(family -> family.getKey().length()))
                        .orElseThrow(() -> new IllegalStateException("no # TYPE line before " + line))
                        .getValue().add(sample);
            }
        }
        return families;
    }

    /**
     * A context with Tributary's auto-configuration, the pod's environment variables (relaxed binding as for the
     * real environment) above the profile, as in the running service.
     */
    private static ApplicationContextRunner contextRunner(Map<String, Object> environment, PropertySource<?> profile) {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(TributaryAutoConfiguration.class))
                .withInitializer(context -> {
                    var sources = context.getEnvironment().getPropertySources();
                    sources.addFirst(profile);
                    sources.addFirst(new SystemEnvironmentPropertySource("pod-systemEnvironment", environment));
                });
    }
}
