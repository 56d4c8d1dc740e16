package io.tributary.samples.stockticker.dashboard;

import java.util.List;

import io.tributary.samples.stockticker.dashboard.DashboardSnapshot.WindowResult;
import org.junit.jupiter.api.Test;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;

import static org.assertj.core.api.Assertions.assertThat;

class WindowResultsListenerTest {

    private final WindowResultsListener listener = new WindowResultsListener(new KafkaProperties(), 2);

    @Test
    void keepsTheLatestResultsPerKindAndSymbolOldestFirst() {
        listener.add("tumbling", result("AMZN", "10:00", "10:10", 190));
        listener.add("tumbling", result("AMZN", "10:10", "10:20", 191));
        listener.add("tumbling", result("AMZN", "10:20", "10:30", 192));
        listener.add("tumbling", result("AAPL", "10:00", "10:10", 170));
        listener.add("sliding", result("AMZN", "09:55", "10:05", 189));

        assertThat(listener.latest().get("tumbling")).containsOnlyKeys("AAPL", "AMZN");
        assertThat(listener.latest().get("tumbling").get("AMZN")).extracting(WindowResult::maxPrice)
                .containsExactly(191L, 192L);
        assertThat(listener.latest().get("sliding").get("AMZN")).containsExactly(new WindowResult(
                "2026-11-21T09:55:00Z", "2026-11-21T10:05:00Z", 189, 42));
    }

    @Test
    void aLateUpdateReplacesItsWindowsEarlierResult() {
        listener.add("tumbling", result("AMZN", "10:00", "10:10", 190));
        listener.add("tumbling", result("AMZN", "10:00", "10:10", 195));

        assertThat(listener.latest().get("tumbling").get("AMZN")).extracting(WindowResult::maxPrice)
                .containsExactly(195L);
    }

    @Test
    void skipsValuesThatAreNoWindowResult() {
        for (String value : List.of("{\"symbol\":\"AMZN\"", "{\"symbol\":\"AMZN\",\"price\":187}", "[]")) {
            listener.add("tumbling", value);
        }

        assertThat(listener.latest()).isEmpty();
    }

    private static String result(String symbol, String start, String end, int maxPrice) {
        return "{\"symbol\":\"" + symbol + "\",\"window_start\":\"2026-11-21T" + start + ":00Z\",\"window_end\":"
                + "\"2026-11-21T" + end + ":00Z\",\"max_price\":" + maxPrice + ",\"count\":42}";
    }
}
