package io.tributary.internals.annotation;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class DurationTextTest {

    @Test
    void readsSimpleUnits() {
        assertThat(DurationText.parse("100ms")).isEqualTo(Duration.ofMillis(100));
        assertThat(DurationText.parse("10s")).isEqualTo(Duration.ofSeconds(10));
        assertThat(DurationText.parse("3m")).isEqualTo(Duration.ofMinutes(3));
        assertThat(DurationText.parse("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(DurationText.parse("2d")).isEqualTo(Duration.ofDays(2));
        assertThat(DurationText.parse("0ms")).isEqualTo(Duration.ZERO);
        assertThat(DurationText.parse(" 5 s ")).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void readsIso8601() {
        assertThat(DurationText.parse("PT3M")).isEqualTo(Duration.ofMinutes(3));
        assertThat(DurationText.parse("pt0.5s")).isEqualTo(Duration.ofMillis(500));
        assertThat(DurationText.parse("P1DT2H")).isEqualTo(Duration.ofHours(26));
        assertThat(DurationText.parse("PT-5S")).isEqualTo(Duration.ofSeconds(-5));
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "10", "ten seconds", "10 sec", "1.5s", "-5s", "5S", "3M", "PT", "P3X",
            "9999999999999999999d", "106751991167301d" })
    void refusesAnythingElse(String text) {
        assertThat(DurationText.parse(text)).isNull();
    }
}
