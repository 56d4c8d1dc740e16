package io.tributary.e2e.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.tributary.e2e.benchmark.RunRoundsTest.DEDUP;
import static io.tributary.e2e.benchmark.RunRoundsTest.PIPE;
import static io.tributary.e2e.benchmark.RunRoundsTest.STREAMS_DEDUP;
import static io.tributary.e2e.benchmark.RunRoundsTest.result;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The report of one round as before, and of several rounds as medians with their spread and Tributary's RSS paired
 * with Kafka Streams' round by round.
 */
class ReportTest {

    @TempDir
    Path dir;

    @Test
    void oneRoundShowsEachFigureAsMeasuredAndNoSpread() throws IOException {
        String report = write(1, List.of(result(PIPE, 1, 240_000, 90, 300), result(DEDUP, 1, 180_000, 130, 390),
                result(STREAMS_DEDUP, 1, 60_000, 135, 371)));

        assertThat(report).contains("Each cell: value (x ceiling, x Kafka Streams). Ceiling = ")
                .contains("| tributary-dedup-eos-1t | exactly-once | 1 | ok (18000) | 180,000 (0.75x, 3.00x) |")
                .doesNotContain("Spread over", "median", "Rounds (bench.repeat");
    }

    @Test
    void severalRoundsShowMediansThenSpreadAndPairedRss() throws IOException {
        String report = write(3, List.of(
                result(PIPE, 1, 240_000, 90, 300), result(DEDUP, 1, 170_000, 140, 406),
                result(STREAMS_DEDUP, 1, 60_000, 135, 380),
                result(PIPE, 2, 250_000, 80, 310), result(DEDUP, 2, 190_000, 120, 360),
                result(STREAMS_DEDUP, 2, 50_000, 150, 371),
                result(PIPE, 3, 200_000, 85, 305), result(DEDUP, 3, 180_000, 130, 389),
                result(STREAMS_DEDUP, 3, 55_000, 140, 400)));

        assertThat(report).contains("Each cell: the median of the run's 3 rounds")
                .contains("| tributary-dedup-eos-1t | exactly-once | 1 | ok (18000) | 180,000 (0.75x, 3.27x) | "
                        + "65 (1.53x, 0.93x) | 130 (1.53x, 0.93x) |")
                .contains("## Spread over 3 rounds")
                .contains("| tributary-dedup-eos-1t | 170,000–190,000 | 120–140 | 360–406 |")
                .contains("- tributary-dedup-eos-1t: round 1 170,000/s, 406 MiB; round 2 190,000/s, 360 MiB; "
                        + "round 3 180,000/s, 389 MiB")
                .contains("- tributary-dedup-eos-1t / kafka-streams-dedup-eos-1t: 1.07x, 0.97x, 0.97x; "
                        + "Tributary ≤ Kafka Streams in 2 of 3 rounds")
                .contains("- Rounds (bench.repeat=3)");
    }

    private String write(int repeat, List<RunResult> rounds) throws IOException {
        BenchmarkSettings settings = new BenchmarkSettings(20_000, 0, 100, 4, 5_000, Duration.ofSeconds(3), 0.1, 0.2,
                Duration.ofSeconds(20), 0.001, 1L, 2_000, Duration.ofSeconds(20), Set.of("all"), repeat, "1g", false,
                dir);
        Path file = dir.resolve("benchmark-report.md");
        Report.write(settings, rounds, Map.of("VmRSS", 100L * 1048576), file);
        return Files.readString(file);
    }
}
