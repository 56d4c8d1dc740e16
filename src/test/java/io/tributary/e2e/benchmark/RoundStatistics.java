package io.tributary.e2e.benchmark;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The statistics of a figure measured once per round ({@code -Dbench.repeat=N}): its median, its range and, for two
 * runs measured in the same rounds, their ratio round by round. Single runs on the shared machine move by more than
 * the differences the benchmark judges, so a figure is taken as the median of its rounds, and a comparison of two
 * systems as the ratio within each round, where both met the same state of the machine.
 *
 * <p>A figure is unknown when it is {@code NaN} or negative (a failed round, a byte count that could not be read);
 * unknown values are left out of every statistic, and a statistic over no known value is {@code NaN}.
 */
final class RoundStatistics {

    private RoundStatistics() {
    }

    /** The middle known value, or the mean of the two middle ones when their count is even. */
    static double median(double... values) {
        double[] known = known(values);
        if (known.length == 0) {
            return Double.NaN;
        }
        Arrays.sort(known);
        int middle = known.length / 2;
        return known.length % 2 == 1 ? known[middle] : (known[middle - 1] + known[middle]) / 2;
    }

    /** The smallest and the largest known value; both {@code NaN} when none is known. */
    static Range range(double... values) {
        double[] known = known(values);
        if (known.length == 0) {
            return new Range(Double.NaN, Double.NaN);
        }
        return new Range(Arrays.stream(known).min().getAsDouble(), Arrays.stream(known).max().getAsDouble());
    }

    /**
     * The ratio {@code numerators[i] / denominators[i]} of each round i ({@code NaN} where either is unknown or the
     * denominator is 0), and in how many of the rounds with a ratio the numerator was at most the denominator.
     *
     * @throws IllegalArgumentException if the arrays differ in length: the figures must come from the same rounds
     */
    static PairedRatios paired(double[] numerators, double[] denominators) {
        if (numerators.length != denominators.length) {
            throw new IllegalArgumentException("paired figures must cover the same rounds, got " + numerators.length
                    + " and " + denominators.length + " values");
        }
        List<Double> ratios = new ArrayList<>();
        int paired = 0;
        int atMost = 0;
        for (int i = 0; i < numerators.length; i++) {
            boolean known = isKnown(numerators[i]) && isKnown(denominators[i]) && denominators[i] > 0;
            ratios.add(known ? numerators[i] / denominators[i] : Double.NaN);
            if (known) {
                paired++;
                if (numerators[i] <= denominators[i]) {
                    atMost++;
                }
            }
        }
        return new PairedRatios(List.copyOf(ratios), paired, atMost);
    }

    static boolean isKnown(double value) {
        return !Double.isNaN(value) && value >= 0;
    }

    private static double[] known(double[] values) {
        return Arrays.stream(values).filter(RoundStatistics::isKnown).toArray();
    }

    /** The smallest and the largest value of a figure over its rounds. */
    record Range(double min, double max) {
    }

    /**
     * Two runs' figures compared round by round.
     *
     * @param ratios the ratio of each round, in round order; {@code NaN} where a figure is unknown
     * @param paired the rounds where both figures are known
     * @param atMost of those, the rounds where the numerator was at most the denominator
     */
    record PairedRatios(List<Double> ratios, int paired, int atMost) {
    }
}
