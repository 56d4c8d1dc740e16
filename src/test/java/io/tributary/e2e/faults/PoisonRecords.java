package io.tributary.e2e.faults;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.jspecify.annotations.Nullable;

/**
 * Poison input for {@code stock_ticker}: every kind of bad record the suite feeds, each sent to the partition of the
 * symbol it names (so a record the contract accepts stays in its symbol's partition order). Records that are valid
 * per the contract though odd (null or empty or non-UTF-8 keys, huge values, timestamps in the far past or given as
 * epoch millis) are here too: the checker expects them processed, not dead-lettered. Timestamps of valid records sit
 * a little behind the stream's event time, so they neither move a watermark nor arrive late, except the far past
 * and far future ones, which are meant to.
 */
final class PoisonRecords {

    private PoisonRecords() {
    }

    /** Bad and odd records for the middle of the stream, around event time {@code now}. */
    static List<ProducerRecord<byte[], byte[]>> batch(Instant now, int round) {
        String ts = now.minusSeconds(30).plusMillis(7 + round).toString();
        String huge = "x".repeat(600_000);
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        // bad per the contract: dead-lettered with a reason
        add(records, "AAPL", "AAPL", "{\"symbol\":\"AAPL\",\"price\":");
        add(records, "AAPL", "AAPL", "not json at all " + round);
        add(records, "MSFT", "MSFT", "[1,2," + round + "]");
        add(records, "MSFT", "MSFT", "{}");
        add(records, "AMZN", "AMZN", "{\"price\":187,\"timestamp\":\"" + ts + "\",\"round\":" + round + "}");
        add(records, "AMZN", "AMZN", "{\"symbol\":\"AMZN\",\"price\":187,\"round\":" + round + "}");
        add(records, "AMZN", "AMZN", "{\"symbol\":\"AMZN\",\"price\":187,\"timestamp\":\"yesterday\",\"round\":" + round + "}");
        add(records, "AMZN", "AMZN", "{\"symbol\":\"AMZN\",\"price\":187,\"timestamp\":true,\"round\":" + round + "}");
        add(records, "NVDA", "NVDA", "{\"symbol\":{\"ticker\":\"NVDA\"},\"price\":880,\"timestamp\":\"" + ts + "\"}");
        add(records, "NVDA", "NVDA", "{\"symbol\":\"\",\"price\":880,\"timestamp\":\"" + ts + "\"}");
        add(records, "TSLA", "TSLA", "{\"symbol\":\"TSLA\",\"price\":175,\"timestamp\":\"" + ts + "\",\"note\":\""
                + huge + "\"");
        records.add(new ProducerRecord<>(ContractCheck.INPUT, TickFeed.partition("TSLA"), bytes("TSLA"), null));
        byte[] invalidUtf8 = ("{\"symbol\":\"TSLA\",\"price\":175,\"timestamp\":\"" + ts + "\",\"note\":\"\u0000\"}")
                .getBytes(StandardCharsets.UTF_8);
        invalidUtf8[invalidUtf8.length - 3] = (byte) 0xC3; // a lead byte followed by '"': not UTF-8
        records.add(new ProducerRecord<>(ContractCheck.INPUT, TickFeed.partition("TSLA"), bytes("TSLA"), invalidUtf8));
        add(records, "IBM", "IBM", "{\"symbol\":\"IBM\",\"price\":\"high\",\"timestamp\":\"" + ts + "\"}");
        // odd but valid: processed like any tick
        add(records, "ORCL", null, tick("ORCL", 125, "\"" + ts + "\""));
        add(records, "ORCL", "", tick("ORCL", 126, "\"" + now.minusSeconds(31).toString() + "\""));
        records.add(new ProducerRecord<>(ContractCheck.INPUT, TickFeed.partition("NFLX"), new byte[] {(byte) 0xFF, 0x00},
                bytes(tick("NFLX", 610, "\"" + ts + "\""))));
        add(records, "META", "META", tick("META", 505, Long.toString(now.minusSeconds(32).toEpochMilli())));
        add(records, "GOOGL", "GOOGL", "{\"symbol\":\"GOOGL\",\"price\":172,\"timestamp\":\"" + ts
                + "\",\"note\":\"" + huge + "\"}");
        add(records, "AAPL", "AAPL", tick("AAPL", 190, "\"1970-01-01T00:00:01Z\""));
        add(records, "MSFT", "MSFT", tick("MSFT", 415, "\"0001-01-01T00:00:00Z\""));
        return records;
    }

    /**
     * A tick far in the future, for the end of the stream: it moves its partition's watermark beyond every window, so
     * all of them fire, and its own output timestamp is beyond what the broker accepts.
     */
    static ProducerRecord<byte[], byte[]> farFuture() {
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(ContractCheck.INPUT, TickFeed.partition("NVDA"),
                bytes("NVDA"), bytes(tick("NVDA", 881, "\"2999-12-31T23:59:59Z\"")));
        return record;
    }

    private static String tick(String symbol, int price, String timestamp) {
        return "{\"symbol\":\"" + symbol + "\",\"price\":" + price + ",\"timestamp\":" + timestamp
                + ",\"company_info\":{\"name\":\"" + symbol + " Inc\",\"employees_count\":1000}}";
    }

    private static void add(List<ProducerRecord<byte[], byte[]>> records, String partitionOf, @Nullable String key,
            String value) {
        records.add(new ProducerRecord<>(ContractCheck.INPUT, TickFeed.partition(partitionOf),
                key == null ? null : bytes(key), bytes(value)));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
