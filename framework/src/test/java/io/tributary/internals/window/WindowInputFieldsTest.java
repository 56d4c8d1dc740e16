package io.tributary.internals.window;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import io.tributary.internals.json.JsonFieldPath;
import io.tributary.internals.json.JsonFieldScanner;
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

    @Test
    void decimalLiteralsBecomeTheNodesTheDefaultMapperParses() {
        List<String> literals = new ArrayList<>(List.of("0.1", "-0.0", "0.0", "1.0", "1e3", "1E-7", "-2.5e+2",
                "101.25", "123456789.123456789", "1e400", "-1e400", "1e-400", "4.9e-324", "2.4703282292062327e-324",
                "2.2250738585072014E-308", "2.2250738585072011e-308", "1.7976931348623157e308",
                "1.7976931348623158e308",
                "9007199254740993.0", "0.30000000000000004", "3.141592653589793238462643383279502884197",
                "1" + "0".repeat(50) + ".5", "0." + "0".repeat(90) + "1"));
        Random random = new Random(5);
        for (int i = 0; i < 5_000; i++) {
            double value = random.nextInt(3) == 0 ? Double.longBitsToDouble(random.nextLong())
                    : (random.nextDouble() - 0.5) * Math.pow(10, random.nextInt(40) - 20);
            if (Double.isFinite(value)) {
                String text = Double.toString(value);
                literals.add(random.nextBoolean() ? text : text.toLowerCase(java.util.Locale.ROOT));
            }
            literals.add(decimalLiteral(random));
        }
        JsonFieldScanner scanner = new JsonFieldScanner(List.of("v"));
        for (String literal : literals) {
            assertThat(scanner.scan(("{\"v\":" + literal + "}").getBytes(StandardCharsets.UTF_8))).as(literal).isTrue();
            assertThat(scanner.kind(0)).as(literal).isEqualTo(JsonFieldScanner.DECIMAL);
            JsonNode built = WindowInputFields.decimal(scanner.text(0));
            for (JsonNode parsed : List.of(Serdes.defaultJsonMapper().readTree(literal),
                    Serdes.defaultJsonMapper().readTree("{\"v\":" + literal + "}").get("v"))) {
                assertThat(built.getClass()).as(literal).isEqualTo(parsed.getClass());
                assertThat(built).as(literal).isEqualTo(parsed);
                // equal doubles may still differ in sign (-0.0)
                assertThat(Double.doubleToRawLongBits(built.doubleValue())).as(literal)
                        .isEqualTo(Double.doubleToRawLongBits(parsed.doubleValue()));
            }
        }
    }

    /** A JSON number with a fraction and/or exponent, of up to 90 characters. */
    private static String decimalLiteral(Random random) {
        StringBuilder text = new StringBuilder(random.nextBoolean() ? "-" : "");
        text.append(random.nextInt(4) == 0 ? "0" : digits(random, 1 + random.nextInt(30), true));
        int form = random.nextInt(3);
        if (form != 1) {
            text.append('.').append(digits(random, 1 + random.nextInt(35), false));
        }
        if (form != 0) {
            text.append(random.nextBoolean() ? 'e' : 'E').append(new String[] {"", "+", "-"}[random.nextInt(3)])
                    .append(digits(random, 1 + random.nextInt(3), false));
        }
        return text.toString();
    }

    private static String digits(Random random, int count, boolean leading) {
        StringBuilder digits = new StringBuilder();
        for (int i = 0; i < count; i++) {
            digits.append((char) ((i == 0 && leading ? '1' + random.nextInt(9) : '0' + random.nextInt(10))));
        }
        return digits.toString();
    }

    private static NumberAggregation max(String path) {
        return new NumberAggregation(NumberAggregation.Kind.MAX, path);
    }

    /** A user aggregate function: a count. */
    static AggregateFunction<JsonNode, Long, Long> userFunction() {
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
