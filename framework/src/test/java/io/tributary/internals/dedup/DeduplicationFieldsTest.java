package io.tributary.internals.dedup;

import java.time.Duration;

import io.tributary.api.KeySelectors;
import io.tributary.internals.engine.ScannedFieldsFunction;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Which deduplications take records as a few fields' texts instead of their value's tree. */
class DeduplicationFieldsTest {

    private static final long SCOPE = Duration.ofMinutes(10).toMillis();

    @Test
    void keepFirstReadsOnlyItsTopLevelOutputKey() {
        assertThat(fields(new DeduplicationSpec(SCOPE, false, false, null, KeySelectors.field("symbol"))).scannedFields())
                .containsExactly("symbol");
        assertThat(fields(new DeduplicationSpec(SCOPE, false, false, null, null)).scannedFields()).isEmpty();
    }

    @Test
    void keepLastAndNestedOutputKeysNeedTheTree() {
        assertThat(fields(new DeduplicationSpec(SCOPE, false, true, null, KeySelectors.field("symbol"))).scannedFields())
                .isNull();
        assertThat(fields(new DeduplicationSpec(SCOPE, false, false, null, KeySelectors.field("company.name")))
                .scannedFields()).isNull();
        assertThat(fields(new DeduplicationSpec(SCOPE, false, false, null, (key, value) -> "k")).scannedFields())
                .isNull();
    }

    @SuppressWarnings("unchecked")
    private static ScannedFieldsFunction<String, ?> fields(DeduplicationSpec spec) {
        return (ScannedFieldsFunction<String, ?>) spec.newOperator();
    }
}
