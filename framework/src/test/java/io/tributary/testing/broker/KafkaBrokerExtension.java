package io.tributary.testing.broker;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit Jupiter extension that hands tests a real Kafka broker as a {@link KafkaBroker} parameter; usually applied
 * through {@link RealKafka}.
 *
 * <p>One broker per test JVM: it is chosen once (see {@link RealKafka} for {@code tributary.test.broker}), started on
 * the first parameter that asks for it, shared by every test class, and stopped by JUnit when the root extension
 * context closes. Safe under parallel test execution. When {@code testcontainers} is asked for and no Docker engine
 * answers, the tests are skipped (disabled with the reason), never failed; a broker that fails to start fails every
 * test that asks for it with the same cause, without a second attempt.
 */
public final class KafkaBrokerExtension implements ParameterResolver, ExecutionCondition {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(KafkaBrokerExtension.class);

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        BrokerChoice choice = slot(context).choice();
        if (choice.kind() == BrokerChoice.Kind.SKIP) {
            return ConditionEvaluationResult.disabled(choice.reason());
        }
        return ConditionEvaluationResult.enabled(choice.reason());
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == KafkaBroker.class;
    }

    @Override
    public KafkaBroker resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return slot(extensionContext).broker();
    }

    private static BrokerSlot slot(ExtensionContext context) {
        return context.getRoot()
                .getStore(NAMESPACE)
                .computeIfAbsent(BrokerSlot.class, key -> new BrokerSlot(), BrokerSlot.class);
    }

    /**
     * The root store's entry: decides and starts at most once, remembers a failed start, and stops the broker when
     * JUnit closes the store.
     */
    static final class BrokerSlot implements AutoCloseable {

        private @Nullable BrokerChoice choice;
        private @Nullable SharedBroker started;
        private @Nullable RuntimeException startFailure;

        synchronized BrokerChoice choice() {
            if (choice == null) {
                choice = BrokerChoice.decide();
            }
            return choice;
        }

        synchronized KafkaBroker broker() {
            if (started != null) {
                return started.broker();
            }
            if (startFailure != null) {
                throw new ParameterResolutionException("The shared Kafka broker failed to start earlier in this run",
                        startFailure);
            }
            BrokerChoice decided = choice();
            if (decided.kind() == BrokerChoice.Kind.SKIP) {
                throw new ParameterResolutionException("No Kafka broker: " + decided.reason());
            }
            try {
                started = SharedBroker.start(decided);
            }
            catch (RuntimeException ex) {
                startFailure = ex;
                throw new ParameterResolutionException("The shared Kafka broker failed to start: " + ex, ex);
            }
            return started.broker();
        }

        @Override
        public synchronized void close() throws Exception {
            if (started != null) {
                started.close();
                started = null;
            }
        }
    }
}
