package io.tributary.e2e.benchmark;

import io.tributary.e2e.benchmark.RoundStatistics.PairedRatios;
import io.tributary.e2e.benchmark.RoundStatistics.Range;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * The statistics the benchmark's repeated rounds are summed up with: medians, ranges and round-by-round ratios, each
 * leaving out the figures a failed round could not measure.
 */
class RoundStatisticsTest {

    @Test
    void medianOfAnOddCountIsTheMiddleValue() {
        assertThat(RoundStatistics.median(390, 371, 406)).isEqualTo(390);
    }

    @Test
    void medianOfAnEvenCountIsTheMeanOfTheTwoMiddleValues() {
        assertThat(RoundStatistics.median(406, 360, 390, 371)).isEqualTo(380.5);
    }

    @Test
    void medianOfOneValueIsThatValue() {
        assertThat(RoundStatistics.median(180_620.4)).isEqualTo(180_620.4);
    }

    @Test
    void medianLeavesOutUnknownFigures() {
        assertThat(RoundStatistics.median(Double.NaN, 5, -1, 7, 9)).isEqualTo(7);
        assertThat(RoundStatistics.median(Double.NaN, -1)).isNaN();
        assertThat(RoundStatistics.median()).isNaN();
    }

    @Test
    void rangeIsTheSmallestAndLargestKnownValue() {
        assertThat(RoundStatistics.range(223_090, Double.NaN, 199_500, 241_000, -1))
                .isEqualTo(new Range(199_500, 241_000));
    }

    @Test
    void rangeOfNoKnownValueIsUnknown() {
        Range range = RoundStatistics.range(Double.NaN);

        assertThat(range.min()).isNaN();
        assertThat(range.max()).isNaN();
    }

    @Test
    void pairedRatiosDivideFiguresOfTheSameRoundAndCountTheRoundsAtMostTheReference() {
        PairedRatios paired = RoundStatistics.paired(new double[] { 389, 360, 406 }, new double[] { 371, 380, 406 });

        assertThat(paired.ratios()).hasSize(3);
        assertThat(paired.ratios().get(0)).isCloseTo(389.0 / 371, within(1e-9));
        assertThat(paired.ratios().get(1)).isCloseTo(360.0 / 380, within(1e-9));
        assertThat(paired.ratios().get(2)).isEqualTo(1.0);
        assertThat(paired.paired()).isEqualTo(3);
        assertThat(paired.atMost()).isEqualTo(2);
    }

    @Test
    void pairedRatiosLeaveOutRoundsWhereEitherFigureIsUnknown() {
        PairedRatios paired = RoundStatistics.paired(new double[] { 300, Double.NaN, 300, 300 },
                new double[] { 400, 400, -1, 0 });

        assertThat(paired.ratios().get(0)).isEqualTo(0.75);
        assertThat(paired.ratios().subList(1, 4)).allMatch(ratio -> ratio.isNaN());
        assertThat(paired.paired()).isEqualTo(1);
        assertThat(paired.atMost()).isEqualTo(1);
    }

    @Test
    void pairedRatiosRejectFiguresOfDifferentRounds() {
        assertThatThrownBy(() -> RoundStatistics.paired(new double[] { 1, 2 }, new double[] { 1 }))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("same rounds");
    }
}
