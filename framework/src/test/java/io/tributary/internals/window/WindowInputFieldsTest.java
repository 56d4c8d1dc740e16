package io.tributary.internals.window;

import java.util.List;

import io.tributary.internals.json.JsonFieldPath;
import io.tributary.serde.Serdes;
import io.tributary.window.AggregateFunction;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** Which window operators read records as a few top-level fields, and the nodes they build of those. */
class WindowInputFieldsTest {

    private static final List<JsonFieldPath> SYMBOL = List.of(JsonFieldPath.of("symbol"));

    @Test
    void builtInAggregationsOfTopLevelFieldsReadKeyAndNumericFieldsOnce() {
        WindowInputFields fields = WindowInputFields.of(List.of(JsonFieldPath.of("symbol"), JsonFieldPath.of("venue")),
                new CompositeAggregation(List.of(max("price"), new CountAggregation(), new AverageAggregation("qty"),
                        new NumberAggregation(NumberAggregation.Kind.SUM, "price"), max("symbol"))));

        assertThat(fields).isNotNull();
        assertThat(fields.names()).containsExactly("symbol", "venue", "price", "qty");
        assertThat(WindowInputFields.of(SYMBOL, new CountAggregation()).names()).containsExactly("symbol");
        assertThat(WindowInputFields.of(SYMBOL, new NumberAggregation(NumberAggregation.Kind.MIN, "low")).names())
                .containsExactly("symbol", "low");
    }

    @Test
    void nestedPathsAndUserFunctionsNeedTheTree() {
        assertThat(WindowInputFields.of(List.of(JsonFieldPath.of("company.symbol")), new CountAggregation())).isNull();
        assertThat(WindowInputFields.of(SYMBOL, max("company.price"))).isNull();
        assertThat(WindowInputFields.of(SYMBOL, new AverageAggregation("company.price"))).isNull();
        assertThat(WindowInputFields.of(SYMBOL, new CompositeAggregation(List.of(new CountAggregation(),
                new CompositeAggregation(List.of(max("company.price"))))))).isNull();
        assertThat(WindowInputFields.of(SYMBOL, userFunction())).isNull();
    }

    @Test
    void integerLiteralsBecomeTheNodesTheDefaultMapperParses() {
        String[] literals = {"0", "7", "-7", "2147483647", "2147483648", "-2147483648", "-2147483649", "9999999999",
                "123456789012345678", "-123456789012345678", "999999999999999999", "1000000000000000000",
                "9223372036854775807", "9223372036854775808", "-9223372036854775808", "-9223372036854775809",
                "12345678901234567890123"};
        for (String literal : literals) {
            JsonNode parsed = Serdes.defaultJsonMapper().readTree("{\"v\":" + literal + "}").get("v");
            JsonNode built = WindowInputFields.integer(literal);
            assertThat(built.getClass()).as(literal).isEqualTo(parsed.getClass());
            assertThat(built).as(literal).isEqualTo(parsed);
        }
    }

    private static NumberAggregation max(String path) {
        return new NumberAggregation(NumberAggregation.Kind.MAX, path);
    }

    private static AggregateFunction<JsonNode, Long, Long> userFunction() {
        return new AggregateFunction<>() {
            @Override
            public Long createAccumulator() {
                return 0L;
            }

            @Override
            public Long add(JsonNode value, Long accumulator) {
                return accumulator + 1;
            }

            @Override
            public Long getResult(Long accumulator) {
                return accumulator;
            }

            @Override
            public Long merge(Long a, Long b) {
                return a + b;
            }
        };
    }
}
