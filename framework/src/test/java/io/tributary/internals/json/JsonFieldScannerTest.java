package io.tributary.internals.json;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class JsonFieldScannerTest {

    private final JsonFieldScanner scanner = new JsonFieldScanner(List.of("symbol", "timestamp"));

    @Test
    void findsTopLevelFieldsAndSkipsTheRest() {
        assertThat(scan("{\"symbol\":\"AAPL\",\"price\":12.5,\"timestamp\":\"2026-11-21T10:00:00Z\","
                + "\"company_info\":{\"name\":\"A\",\"tags\":[1,true,null,{}]}}")).isTrue();

        assertThat(scanner.kind(0)).isEqualTo(JsonFieldScanner.STRING);
        assertThat(scanner.text(0)).isEqualTo("AAPL");
        assertThat(scanner.text(1)).isEqualTo("2026-11-21T10:00:00Z");
        assertThat(scanner.allHaveText(new boolean[2])).isTrue();
    }

    @Test
    void ignoresTheSameNamesBelowTheTopLevel() {
        assertThat(scan("{\"nested\":{\"symbol\":\"X\",\"timestamp\":1},\"symbol\":\"Y\"}")).isTrue();

        assertThat(scanner.text(0)).isEqualTo("Y");
        assertThat(scanner.kind(1)).isEqualTo(JsonFieldScanner.ABSENT);
        assertThat(scanner.allHaveText(new boolean[2])).isFalse();
    }

    @Test
    void takesTheLastOfRepeatedNamesAsTheTreeDoes() {
        assertThat(scan("{\"symbol\":\"A\",\"timestamp\":1,\"symbol\":\"B\"}")).isTrue();
        assertThat(scanner.text(0)).isEqualTo("B");

        assertThat(scan("{\"symbol\":\"A\",\"timestamp\":1,\"symbol\":{\"x\":1}}")).isTrue();
        assertThat(scanner.kind(0)).isEqualTo(JsonFieldScanner.OTHER);
    }

    @Test
    void givesTextOnlyWhereItIsTheTreesText() {
        assertThat(scan("{\"symbol\":42,\"timestamp\":-7}")).isTrue();
        assertThat(scanner.kind(0)).isEqualTo(JsonFieldScanner.INTEGER);
        assertThat(scanner.text(1)).isEqualTo("-7");

        assertThat(scan("{\"symbol\":true,\"timestamp\":false}")).isTrue();
        assertThat(scanner.text(0)).isEqualTo("true");
        assertThat(scanner.text(1)).isEqualTo("false");

        // the tree reads these as 0, "A", nothing and nothing
        for (String value : List.of("-0", "\"\\u0041\"", "\"\"", "null", "[1]")) {
            assertThat(scan("{\"symbol\":" + value + ",\"timestamp\":1}")).as(value).isTrue();
            assertThat(scanner.kind(0)).as(value).isEqualTo(JsonFieldScanner.OTHER);
        }
    }

    @Test
    void marksNumbersWithAFractionOrExponentAsDecimalsWithoutText() {
        for (String value : List.of("1.0", "1e2", "0.1", "-0.0", "-0.5", "0e0", "1E+2", "1e-7", "101.25",
                "123456789.123456789", "1e400", "4.9e-324", "2.2250738585072014E-308", "-12.5e+03")) {
            assertThat(scan("{\"symbol\":" + value + ",\"timestamp\":1}")).as(value).isTrue();
            assertThat(scanner.kind(0)).as(value).isEqualTo(JsonFieldScanner.DECIMAL);
            assertThat(scanner.text(0)).as(value).isEqualTo(value);
            // its text is not the tree's (1e2 reads as 100.0): to a caller reading texts, it is as OTHER
            assertThat(scanner.allHaveText(new boolean[2])).as(value).isFalse();
            assertThat(scanner.allHaveText(new boolean[] {false, false})).as(value).isFalse();
            assertThat(scanner.allHaveText(new boolean[] {true, false})).as(value).isTrue();
        }
        assertThat(scan("{\"symbol\":1.5,\"timestamp\":null}")).isTrue();
        assertThat(scanner.allHaveText(new boolean[] {true, true})).isFalse();
    }

    @Test
    void leavesNumbersOutsideTheGrammarToTheTree() {
        for (String value : List.of("01.5", "1.", ".5", "1e", "1e+", "-", "+1", "1.5.2", "1.e3", "-.5", "1e2.5", "1ee2",
                "1e2e3", "00.1", "-01.0", "0x1p3", "1,5", "1.5f", "Infinity", "-Infinity", "NaN")) {
            assertThat(scan("{\"symbol\":" + value + ",\"timestamp\":1}")).as(value).isFalse();
        }
        assertThat(scan("{\"symbol\":1." + "5".repeat(JsonFieldScanner.MAX_NUMBER - 2) + ",\"timestamp\":1}"))
                .as("as long as allowed").isTrue();
        assertThat(scanner.kind(0)).isEqualTo(JsonFieldScanner.DECIMAL);
        assertThat(scan("{\"symbol\":1." + "5".repeat(JsonFieldScanner.MAX_NUMBER - 1) + ",\"timestamp\":1}"))
                .as("too long").isFalse();
    }

    @Test
    void readsUtf8StringsAsTheyAre() {
        assertThat(scan("{\"symbol\":\"café 😀\",\"timestamp\":1}")).isTrue();

        assertThat(scanner.text(0)).isEqualTo("café 😀");
    }

    @Test
    void leavesEveryDoubtToTheTree() {
        List<String> doubtful = List.of("", " ", "[]", "\"x\"", "42", "null", "{", "{\"symbol\":}", "{\"symbol\":1,}",
                "{\"symbol\":1}x", "{\"symbol\":1}{}", "{'symbol':1}", "{\"symbol\":01}", "{\"symbol\":1.}",
                "{\"symbol\":-}", "{\"symbol\":NaN}", "{\"symbol\":tru}", "{\"symbol\":\"a\tb\"}",
                "{\"symbol\":\"\\x\"}", "{\"symbol\":\"\\u12G4\"}", "{\"sym\\u0062ol\":\"A\"}", "\uFEFF{}",
                "{\"a\":" + "[".repeat(100) + "]".repeat(100) + "}", "{\"symbol\":1" + "0".repeat(200) + "}");
        for (String json : doubtful) {
            assertThat(scan(json)).as(json).isFalse();
        }
        assertThat(scanner.scan(new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xC0, (byte) 0x80, '"', '}'}))
                .as("overlong UTF-8").isFalse();
        assertThat(scanner.scan(new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"',
                '}'})).as("encoded surrogate").isFalse();
    }

    @Test
    void acceptsWhitespaceJsonAllows() {
        assertThat(scan(" \t\r\n{ \"symbol\" :\n\"A\" , \"timestamp\"\t: 1 }\n")).isTrue();

        assertThat(scanner.text(0)).isEqualTo("A");
    }

    private boolean scan(String json) {
        return scanner.scan(json.getBytes(StandardCharsets.UTF_8));
    }
}
