package io.tributary.window;

import java.util.List;

import io.tributary.internals.window.AverageAggregation;
import io.tributary.internals.window.CompositeAggregation;
import io.tributary.internals.window.CountAggregation;
import io.tributary.internals.window.NumberAggregation;

/**
 * The built-in aggregations over JSON records, each writing named fields of the window's result, and
 * {@link #of} to compute several at once: {@code Aggregations.of(Aggregations.max("price"), Aggregations.count())}
 * gives {@code {"max_price":190,"count":42}}.
 *
 * <p>{@code field} is a dotted path ({@code company_info.employees}); the result field is the function's name, an
 * underscore and the path with dots as underscores ({@code max_company_info_employees}). Records whose field is
 * missing or JSON {@code null} are left out of that aggregation (as SQL leaves out NULLs; {@link #count()} still
 * counts them); a field holding anything but a number dead-letters the record, before any window changes.
 * Numbers are summed and compared exactly as decimals: integers give integers, {@code 0.1 + 0.2} gives
 * {@code 0.3}. The accumulators are small JSON records. All are immutable and thread-safe.
 */
public final class Aggregations {

    private Aggregations() {
    }

    /** The number of records in the window: field {@code count}. */
    public static Aggregation<?> count() {
        return new CountAggregation();
    }

    /** The sum of {@code field}: field {@code sum_<field>}, {@code null} when no record had it. */
    public static Aggregation<?> sum(String field) {
        return new NumberAggregation(NumberAggregation.Kind.SUM, field);
    }

    /**
     * The least value of {@code field}: field {@code min_<field>}, {@code null} when no record had it. Of equal numbers
     * of different scales ({@code 5.00} and {@code 5}) the smaller scale wins, whatever the order they came in, so that
     * the result does not depend on arrival order or on how partial results merge.
     */
    public static Aggregation<?> min(String field) {
        return new NumberAggregation(NumberAggregation.Kind.MIN, field);
    }

    /**
     * The greatest value of {@code field}: field {@code max_<field>}, {@code null} when no record had it. Of equal
     * numbers of different scales ({@code 5.00} and {@code 5}) the smaller scale wins, whatever the order they came in,
     * so that the result does not depend on arrival order or on how partial results merge.
     */
    public static Aggregation<?> max(String field) {
        return new NumberAggregation(NumberAggregation.Kind.MAX, field);
    }

    /**
     * The mean of {@code field} over the records that have it: field {@code avg_<field>}, always a JSON double
     * (rounded to 16 significant digits), {@code null} when no record had it.
     */
    public static Aggregation<?> avg(String field) {
        return new AverageAggregation(field);
    }

    /**
     * All of {@code aggregations} at once, their fields in one result object in the order given.
     *
     * @throws IllegalArgumentException if none is given or two write the same field
     */
    public static Aggregation<?> of(Aggregation<?>... aggregations) {
        return new CompositeAggregation(List.of(aggregations));
    }
}
