package io.tributary.samples.stockticker.security;

import java.util.List;

import io.tributary.samples.stockticker.StockTickerApplication;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link StockTickerSecurityChecks} over SASL_PLAINTEXT, with SSL store passwords set (unused on that connection, but
 * handed to every client config like the rest); and, protocol aside, that only {@code health}, {@code info} and
 * {@code prometheus} are reachable over HTTP and JSON type hints in the input are data.
 */
class StockTickerSecurityIT extends StockTickerSecurityChecks {

    private static final String GADGET = InstantiationGadget.class.getName();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Override
    SaslScramBroker startBroker() {
        return SaslScramBroker.start(USER, PASSWORD);
    }

    @Override
    String securityProtocol() {
        return "SASL_PLAINTEXT";
    }

    @Override
    List<String> sslProperties(String name) throws Exception {
        return List.of(
                "spring.kafka.ssl.trust-store-location=file:" + emptyStore("trust-" + name, TRUST_STORE_PASSWORD),
                "spring.kafka.ssl.trust-store-password=" + TRUST_STORE_PASSWORD,
                "spring.kafka.ssl.trust-store-type=PKCS12",
                "spring.kafka.ssl.key-store-location=file:" + emptyStore("key-" + name, KEY_STORE_PASSWORD),
                "spring.kafka.ssl.key-store-password=" + KEY_STORE_PASSWORD,
                "spring.kafka.ssl.key-store-type=PKCS12",
                "spring.kafka.ssl.key-password=" + KEY_PASSWORD);
    }

    @Test
    void exposesOnlyHealthInfoAndPrometheusOverHttp() throws Exception {
        assertThat(get("/actuator/health").statusCode()).isEqualTo(200);
        assertThat(get("/actuator/health").body()).contains("\"status\":\"UP\"");
        assertThat(get("/actuator/info").statusCode()).isEqualTo(200);
        assertThat(get("/actuator/prometheus").statusCode()).isEqualTo(200);
        assertThat(get("/actuator/prometheus").body()).contains("tributary_records_in");
        for (String hidden : List.of("env", "env/spring.kafka.properties.sasl.jaas.config", "beans", "heapdump",
                "threaddump", "configprops", "loggers", "metrics", "mappings", "conditions", "tributary",
                "tributary/dedup", "shutdown", "scheduledtasks", "startup", "sbom", "logfile")) {
            assertThat(get("/actuator/" + hidden).statusCode()).as("/actuator/" + hidden).isEqualTo(404);
        }
        assertThat(get("/actuator").body()).doesNotContain("/env", "/beans", "/heapdump", "/tributary", "/configprops");
    }

    @Test
    void treatsJsonTypeHintsInTheInputAsData() throws ClassNotFoundException {
        String symbol = "GDGT";
        String classProperty = "{\"@class\":\"" + GADGET + "\",\"symbol\":\"GDGT\",\"price\":1,"
                + "\"timestamp\":\"2026-11-21T11:00:00Z\",\"company_info\":{\"@class\":\"" + GADGET + "\"}}";
        String wrapperArray = "[\"" + GADGET + "\",{\"symbol\":\"GDGT\",\"price\":2,\"timestamp\":\"2026-11-21T11:00:01Z\"}]";
        String wrapperObject = "{\"" + GADGET + "\":{\"symbol\":\"GDGT\",\"price\":3,\"timestamp\":\"2026-11-21T11:00:02Z\"}}";
        String typedPrice = "{\"symbol\":\"GDGT\",\"price\":[\"" + GADGET + "\",{}],\"timestamp\":\"2026-11-21T11:00:03Z\"}";
        produce(List.of(new ProducerRecord<>("stock_ticker", symbol, classProperty),
                new ProducerRecord<>("stock_ticker", symbol, wrapperArray),
                new ProducerRecord<>("stock_ticker", symbol, wrapperObject),
                new ProducerRecord<>("stock_ticker", symbol, typedPrice)));

        // Data: passed on unchanged where the record has what the pipeline needs, dead-lettered where it has not.
        List<String> passed = awaitCommitted("stock_ticker_dedup", symbol, 2);
        assertThat(passed).hasSize(2);
        assertThat(JSON.readTree(passed.get(0))).isEqualTo(JSON.readTree(classProperty));
        assertThat(JSON.readTree(passed.get(1))).isEqualTo(JSON.readTree(typedPrice));
        List<String> deadLetters = awaitCommitted("stock_ticker_dlt", symbol, 2);
        assertThat(deadLetters).contains(wrapperArray, wrapperObject);
        // the hints name a class the service could load
        assertThat(Class.forName(GADGET, false, StockTickerApplication.class.getClassLoader())).isNotNull();
        assertThat(GadgetTrace.TOUCHED).as("gadget class initialised or constructed").isFalse();
    }
}
