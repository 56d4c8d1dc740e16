package io.tributary.window;

import java.time.Instant;
import java.util.List;

import io.tributary.serde.Serdes;
import io.tributary.testing.ProcessorTestDriver;
import io.tributary.testing.TestRecord;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The test input of this package: stock ticks as in the sample contract,
 * {@code {"symbol":"AMZN","price":187,"timestamp":"2026-11-21T10:03:07.250Z"}}, on 2026-11-21 so that times read
 * as wall-clock times ({@code at("10:03:07.250")}), piped with the event time also as the Kafka record timestamp.
 */
final class Trades {

    static final String SOURCE = "stock_ticker_dedup";
    static final String OUTPUT = "window-results";
    static final String LATE = "stock_ticker_late";

    private Trades() {
    }

    /** 2026-11-21 at {@code time} UTC, e.g. {@code at("10:03:07.250")}. */
    static Instant at(String time) {
        return Instant.parse("2026-11-21T" + (time.length() == 5 ? time + ":00" : time) + "Z");
    }

    static ObjectNode tick(String symbol, Instant timestamp, Number price) {
        ObjectNode tick = JsonNodeFactory.instance.objectNode().put("symbol", symbol);
        if (price instanceof Integer || price instanceof Long) {
            tick.put("price", price.longValue());
        }
        else {
            tick.put("price", new java.math.BigDecimal(price.toString()));
        }
        return tick.put("timestamp", timestamp.toString());
    }

    /** A windowed aggregation of ticks keyed by symbol, timed by {@code timestamp}; the caller adds the rest. */
    static WindowedAggregation.Builder trades(String name) {
        return WindowedAggregation.builder(name)
                .source(SOURCE)
                .output(OUTPUT)
                .keyBy("symbol")
                .eventTime("timestamp");
    }

    static void pipe(ProcessorTestDriver<String, JsonNode, JsonNode> driver, String symbol, Instant timestamp,
            Number price) {
        driver.pipe(symbol, tick(symbol, timestamp, price), timestamp);
    }

    static void pipe(ProcessorTestDriver<String, JsonNode, JsonNode> driver, JsonNode value, Instant recordTimestamp) {
        driver.pipe(value.path("symbol").asString(), value, recordTimestamp);
    }

    /** The output values as compact JSON text, in emission order. */
    static List<String> json(List<TestRecord<String, JsonNode>> records) {
        return records.stream().map(record -> record.value().toString()).toList();
    }

    static JsonNode parse(String json) {
        return Serdes.jsonNode().deserialize(json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
