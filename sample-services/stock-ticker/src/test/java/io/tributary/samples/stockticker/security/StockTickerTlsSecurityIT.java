package io.tributary.samples.stockticker.security;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.system.CapturedOutput;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link StockTickerSecurityChecks} over SASL_SSL with mutual TLS: the broker's certificate and the service's are
 * signed by a CA made at test time ({@link TlsStores}), and the service gets its trust store and key store from
 * {@code spring.kafka.ssl.*} alone; a service that trusts another CA cannot connect.
 */
class StockTickerTlsSecurityIT extends StockTickerSecurityChecks {

    private TlsStores tls;

    @Override
    SaslScramBroker startBroker() throws Exception {
        // PKCS12 keys share their store's password: KEY_PASSWORD guards the broker's store, KEY_STORE_PASSWORD the client's
        tls = TlsStores.create(Files.createDirectories(dir.resolve("tls")), KEY_PASSWORD, KEY_STORE_PASSWORD,
                TRUST_STORE_PASSWORD);
        return SaslScramBroker.start(USER, PASSWORD, tls);
    }

    @Override
    String securityProtocol() {
        return "SASL_SSL";
    }

    @Override
    List<String> sslProperties(String name) {
        return List.of(
                "spring.kafka.ssl.trust-store-location=file:" + tls.trustStore(),
                "spring.kafka.ssl.trust-store-password=" + TRUST_STORE_PASSWORD,
                "spring.kafka.ssl.trust-store-type=PKCS12",
                "spring.kafka.ssl.key-store-location=file:" + tls.clientKeyStore(),
                "spring.kafka.ssl.key-store-password=" + KEY_STORE_PASSWORD,
                "spring.kafka.ssl.key-store-type=PKCS12",
                "spring.kafka.ssl.key-password=" + KEY_STORE_PASSWORD);
    }

    @Test
    void aServiceThatTrustsAnotherCaFailsStartUpOnTheHandshake(CapturedOutput output) throws Exception {
        Path foreign = TlsStores.foreignTrustStore(Files.createDirectories(dir.resolve("foreign")),
                TRUST_STORE_PASSWORD);
        Service untrusting = service(PASSWORD, "foreign-ca", "spring.kafka.ssl.trust-store-location=file:" + foreign);

        assertThatThrownBy(untrusting::run).hasStackTraceContaining("SSL handshake failed");
        assertNoSecretIn(output.getAll());
    }
}
