package io.tributary.api;

import java.nio.charset.StandardCharsets;

import io.tributary.serde.Serdes;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class KeySelectorsTest {

    private static final JsonNode ORDER = json("""
            {"id": "o-1", "company_info": {"name": "acme", "region": "eu", "size": 42, "rating": 4.5,
             "listed": true, "parent": null, "address": {"city": "Lyon"}, "tags": ["a", "b"], "alias": ""}}
            """);

    @Test
    void recordKeyDecodesUtf8() {
        KeySelector<JsonNode, String> selector = KeySelectors.recordKey();

        assertThat(selector.selectKey("café-1".getBytes(StandardCharsets.UTF_8), ORDER)).isEqualTo("café-1");
    }

    @Test
    void recordKeyIsNullWhenAbsentOrEmpty() {
        KeySelector<String, String> selector = KeySelectors.recordKey();

        assertThat(selector.selectKey(null, "value")).isNull();
        assertThat(selector.selectKey(new byte[0], "value")).isNull();
    }

    @Test
    void fieldReadsTopLevelAndNestedStrings() {
        assertThat(KeySelectors.field("id").selectKey(null, ORDER)).isEqualTo("o-1");
        assertThat(KeySelectors.field("company_info.name").selectKey(null, ORDER)).isEqualTo("acme");
        assertThat(KeySelectors.field("company_info.address.city").selectKey(null, ORDER)).isEqualTo("Lyon");
    }

    @Test
    void fieldIgnoresTheRecordKey() {
        assertThat(KeySelectors.field("id").selectKey("other".getBytes(StandardCharsets.UTF_8), ORDER))
                .isEqualTo("o-1");
    }

    @Test
    void fieldReadsNumbersAndBooleansAsTheirText() {
        assertThat(KeySelectors.field("company_info.size").selectKey(null, ORDER)).isEqualTo("42");
        assertThat(KeySelectors.field("company_info.rating").selectKey(null, ORDER)).isEqualTo("4.5");
        assertThat(KeySelectors.field("company_info.listed").selectKey(null, ORDER)).isEqualTo("true");
    }

    @Test
    void fieldIsNullForMissingNullContainerAndEmptyNodes() {
        assertThat(KeySelectors.field("company_info.missing").selectKey(null, ORDER)).isNull();
        assertThat(KeySelectors.field("missing.name").selectKey(null, ORDER)).isNull();
        assertThat(KeySelectors.field("company_info.parent").selectKey(null, ORDER)).isNull();
        assertThat(KeySelectors.field("company_info.address").selectKey(null, ORDER)).isNull();
        assertThat(KeySelectors.field("company_info.tags").selectKey(null, ORDER)).isNull();
        assertThat(KeySelectors.field("company_info.alias").selectKey(null, ORDER)).isNull();
    }

    @Test
    void fieldsJoinsValuesWithPipes() {
        KeySelector<JsonNode, String> selector = KeySelectors.fields("company_info.name", "company_info.region",
                "company_info.size");

        assertThat(selector.selectKey(null, ORDER)).isEqualTo("acme|eu|42");
    }

    @Test
    void fieldsIsNullWhenAnyValueIsMissing() {
        KeySelector<JsonNode, String> selector = KeySelectors.fields("company_info.name", "company_info.missing");

        assertThat(selector.selectKey(null, ORDER)).isNull();
    }

    @Test
    void fieldsWithOnePathBehavesAsField() {
        assertThat(KeySelectors.fields("company_info.name").selectKey(null, ORDER)).isEqualTo("acme");
    }

    @Test
    void fieldsNeedsAtLeastOnePath() {
        assertThatIllegalArgumentException().isThrownBy(KeySelectors::fields)
                .withMessageContaining("at least one JSON field path");
    }

    @Test
    void invalidPathsFailAtCreationNamingThePath() {
        assertThatIllegalArgumentException().isThrownBy(() -> KeySelectors.field("company_info..name"))
                .withMessageContaining("'company_info..name'");
        assertThatIllegalArgumentException().isThrownBy(() -> KeySelectors.fields("id", "region."))
                .withMessageContaining("'region.'");
    }

    @Test
    void describesItselfForDiagnostics() {
        assertThat(KeySelectors.recordKey()).hasToString("KeySelectors.recordKey()");
        assertThat(KeySelectors.fields("a", "b.c")).hasToString("KeySelectors.fields(a, b.c)");
    }

    private static JsonNode json(String text) {
        return Serdes.defaultJsonMapper().readTree(text);
    }
}
