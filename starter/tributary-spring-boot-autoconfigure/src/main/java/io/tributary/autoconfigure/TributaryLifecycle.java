package io.tributary.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.tributary.annotation.AnnotatedProcessors;
import io.tributary.api.ProcessorDefinition;
import io.tributary.api.ProcessorStatus;
import io.tributary.api.Tributary;
import io.tributary.api.TributaryConfig;
import io.tributary.enrich.EnrichmentResources;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.util.ClassUtils;

/**
 * Runs the application's processors in one {@link Tributary} while the application context runs: every
 * {@link ProcessorDefinition} bean, and every singleton bean with methods annotated for
 * {@link AnnotatedProcessors} ({@code @KeyedProcessor}, {@code @WindowedAggregation}, {@code @Deduplicate},
 * {@code @Enrich}, ...; their attributes' {@code ${...}} placeholders resolved against the environment, their
 * enrichments given the {@link EnrichmentResources} bean when there is one).
 *
 * <p>Started by the context after all singletons exist, in a phase just before Spring Kafka's listener containers,
 * so input and output topics exist by the time {@code ApplicationReadyEvent} is published; a processor that cannot
 * be built (bad annotation, duplicate name) fails start-up. Stopped first on shutdown: {@link #stop()} commits
 * in-flight work and closes the runtime, waiting up to 30 seconds. With no processor at all nothing is started.
 * Once the processors run, a {@link TributaryStartedEvent} is published. Thread-safe.
 */
public class TributaryLifecycle implements SmartLifecycle {

    /** Before Spring Kafka's listener containers ({@code Integer.MAX_VALUE - 100}), stopped after them. */
    public static final int PHASE = Integer.MAX_VALUE - 200;

    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private static final Logger log = LoggerFactory.getLogger(TributaryLifecycle.class);

    private final TributaryConfig config;
    private final ApplicationContext context;
    private @Nullable Tributary tributary;
    private boolean running;

    public TributaryLifecycle(TributaryConfig config, ApplicationContext context) {
        this.config = config;
        this.context = context;
    }

    @Override
    public void start() {
        Tributary started;
        synchronized (this) {
            if (running) {
                return;
            }
            List<ProcessorDefinition<?, ?, ?>> definitions = definitions();
            if (definitions.isEmpty()) {
                running = true;
                log.info("No Tributary processors defined; the runtime is not started");
                return;
            }
            // running only once started: a start that throws leaves the lifecycle stopped, so it can be retried
            started = Tributary.create(config, definitions).start();
            tributary = started;
            running = true;
            log.info("Tributary '{}' started processors {}", config.applicationId(), started.status().keySet());
        }
        // Outside the lock: listeners may call back into tributary() or status().
        context.publishEvent(new TributaryStartedEvent(this, started));
    }

    @Override
    public synchronized void stop() {
        running = false;
        if (tributary != null) {
            tributary.close(CLOSE_TIMEOUT);
            tributary = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    /** The running runtime, empty before start, after stop, or when the application defines no processor. */
    public synchronized Optional<Tributary> tributary() {
        return Optional.ofNullable(tributary);
    }

    /** Status of each running processor by name; empty when none runs. */
    public Map<String, ProcessorStatus> status() {
        return tributary().map(Tributary::status).orElse(Map.of());
    }

    private List<ProcessorDefinition<?, ?, ?>> definitions() {
        List<ProcessorDefinition<?, ?, ?>> definitions = new ArrayList<>();
        context.getBeansOfType(ProcessorDefinition.class).values().forEach(definitions::add);
        for (String name : context.getBeanDefinitionNames()) {
            if (!isEagerSingleton(name)) {
                continue;
            }
            Class<?> type = context.getType(name, false);
            if (type != null && AnnotatedProcessors.declaresProcessors(ClassUtils.getUserClass(type))) {
                definitions.addAll(AnnotatedProcessors.definitionsOf(context.getBean(name),
                        context.getEnvironment()::resolvePlaceholders, enrichmentResources()));
            }
        }
        return definitions;
    }

    /** The application's {@link EnrichmentResources} bean (its resilience4j registries), else the shared default. */
    private EnrichmentResources enrichmentResources() {
        return context.getBeanProvider(EnrichmentResources.class).getIfUnique(EnrichmentResources::shared);
    }

    /** Lazy and prototype beans are skipped: scanning must not create beans the application chose not to. */
    private boolean isEagerSingleton(String name) {
        if (!(context instanceof ConfigurableApplicationContext configurable)) {
            return context.isSingleton(name);
        }
        ConfigurableListableBeanFactory beanFactory = configurable.getBeanFactory();
        if (!beanFactory.containsBeanDefinition(name)) {
            return beanFactory.containsSingleton(name);
        }
        var definition = beanFactory.getBeanDefinition(name);
        return definition.isSingleton() && !definition.isLazyInit() && !definition.isAbstract();
    }
}
