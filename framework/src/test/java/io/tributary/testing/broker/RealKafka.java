package io.tributary.testing.broker;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a test class that runs against a real Kafka broker: test methods, constructors and {@code @BeforeEach} /
 * {@code @BeforeAll} methods may declare a {@link KafkaBroker} parameter.
 *
 * <p>All such classes of a test JVM share one broker, started on first use and stopped after the last test; isolate
 * tests by topic ({@link KafkaBroker#uniqueTopic(String)}). Which broker is chosen by the system property
 * {@code tributary.test.broker}: {@code auto} (the default: Testcontainers where a Docker engine answers, else the
 * embedded KRaft broker), {@code embedded} or {@code testcontainers} (tests are skipped without Docker).
 *
 * @see KafkaBrokerExtension
 */
@Target({ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(KafkaBrokerExtension.class)
public @interface RealKafka {
}
