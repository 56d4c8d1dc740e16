package io.tributary.internals.json;

import io.tributary.serde.Serdes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class JsonFieldPathTest {

    private static final JsonNode ORDER = Serdes.defaultJsonMapper().readTree("""
            {"id": "o-1", "company_info": {"name": "acme", "address": {"city": "Lyon"}, "tags": ["a"]},
             "note": null, "count": 3}
            """);

    @Test
    void findsTopLevelAndNestedFields() {
        assertThat(JsonFieldPath.of("id").find(ORDER).stringValue()).isEqualTo("o-1");
        assertThat(JsonFieldPath.of("company_info.name").find(ORDER).stringValue()).isEqualTo("acme");
        assertThat(JsonFieldPath.of("company_info.address.city").find(ORDER).stringValue()).isEqualTo("Lyon");
        assertThat(JsonFieldPath.of("company_info.address").find(ORDER).isObject()).isTrue();
    }

    @Test
    void returnsNullForMissingFieldsAndNonObjectIntermediates() {
        assertThat(JsonFieldPath.of("missing").find(ORDER)).isNull();
        assertThat(JsonFieldPath.of("company_info.missing.city").find(ORDER)).isNull();
        assertThat(JsonFieldPath.of("id.length").find(ORDER)).isNull();
        assertThat(JsonFieldPath.of("company_info.tags.0").find(ORDER)).isNull();
        assertThat(JsonFieldPath.of("note.text").find(ORDER)).isNull();
    }

    @Test
    void returnsJsonNullAsTheNullNode() {
        assertThat(JsonFieldPath.of("note").find(ORDER).isNull()).isTrue();
    }

    @Test
    void findsNothingInsideScalarRoots() {
        JsonNode scalar = Serdes.defaultJsonMapper().readTree("\"text\"");

        assertThat(JsonFieldPath.of("id").find(scalar)).isNull();
    }

    @Test
    void keepsThePathAsWritten() {
        JsonFieldPath path = JsonFieldPath.of("company_info.address.city");

        assertThat(path.path()).isEqualTo("company_info.address.city");
        assertThat(path.depth()).isEqualTo(3);
        assertThat(path).isEqualTo(JsonFieldPath.of("company_info.address.city")).hasToString(path.path());
    }

    @ParameterizedTest
    @ValueSource(strings = { "a..b", ".a", "a.", "." })
    void rejectsEmptySegmentsNamingThePath(String path) {
        assertThatIllegalArgumentException().isThrownBy(() -> JsonFieldPath.of(path))
                .withMessageContaining("'" + path + "'")
                .withMessageContaining("empty segment")
                .withMessageContaining("company_info.name");
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "  " })
    void rejectsBlankPaths(String path) {
        assertThatIllegalArgumentException().isThrownBy(() -> JsonFieldPath.of(path))
                .withMessageContaining("must not be blank");
    }

    @Test
    void rejectsSegmentsWithSurroundingWhitespace() {
        assertThatIllegalArgumentException().isThrownBy(() -> JsonFieldPath.of("company_info. name"))
                .withMessageContaining("'company_info. name'")
                .withMessageContaining("whitespace");
    }

    @Test
    void allowsSpacesInsideFieldNames() {
        JsonNode node = Serdes.defaultJsonMapper().readTree("{\"company info\": {\"legal name\": \"acme\"}}");

        assertThat(JsonFieldPath.of("company info.legal name").find(node).stringValue()).isEqualTo("acme");
    }
}
