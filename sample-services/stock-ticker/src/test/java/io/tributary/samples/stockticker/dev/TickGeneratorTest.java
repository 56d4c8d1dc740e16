package io.tributary.samples.stockticker.dev;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.tributary.api.ProcessorStatus;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The dev-mode summary line: what the one-command run logs about each of the contract's pipelines. */
class TickGeneratorTest {

    @Test
    void summarisesEveryPipelineThatRunsInTheContractsOrder() {
        ProcessorStatus enrich = new ProcessorStatus("enrich", true, false, Set.of(0), 100, 95, 0, 1, null,
                List.of("stock_ticker"), "stock_ticker_enriched", 0, 0, 0, Duration.ZERO, 0, 0,
                new ProcessorStatus.EnrichmentStats(4, 90, 5, 3, 2, 0, 100, Duration.ofSeconds(2)), Duration.ZERO,
                List.of());

        String summary = TickGenerator.summary(Map.of("enrich", enrich,
                "sliding", status("sliding", 950, 40, 0, 0, null),
                "tumbling", status("tumbling", 950, 20, 0, 7, null),
                "dedup", status("dedup", 1000, 950, 46, 0, null)));

        assertThat(summary).isEqualTo("dedup in=1000 out=950 dead-lettered=4 duplicates-dropped=46"
                + " | tumbling windows=20 late=7 | sliding windows=40"
                + " | enrich out=95 in-flight=4 retried=5 failed=3 circuit-open=2");
    }

    @Test
    void namesAFailedPipelineAndSaysWhenNoneRuns() {
        assertThat(TickGenerator.summary(Map.of("sliding", status("sliding", 10, 1, 0, 0, "boom"))))
                .isEqualTo("sliding windows=1 FAILED: boom");
        assertThat(TickGenerator.summary(Map.of())).isEqualTo("no pipeline running");
    }

    private static ProcessorStatus status(String name, long in, long out, long duplicates, long late,
            @Nullable String failure) {
        return new ProcessorStatus(name, true, false, Set.of(0), in, out, name.equals("dedup") ? 4 : 0, 10, failure,
                List.of("stock_ticker"), name + "_out", 0, 0, 0, Duration.ZERO, late, duplicates);
    }
}
