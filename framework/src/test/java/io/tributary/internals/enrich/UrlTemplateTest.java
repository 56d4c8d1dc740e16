package io.tributary.internals.enrich;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UrlTemplateTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void fillsVariablesFromRecordFields() {
        UrlTemplate template = UrlTemplate.parse("http://localhost:8080/companies/{symbol}?region={company_info.region}");
        JsonNode record = JSON.readTree("{\"symbol\":\"AMZN\",\"company_info\":{\"region\":\"US\"}}");

        assertThat(template.expand(record)).hasToString("http://localhost:8080/companies/AMZN?region=US");
    }

    @Test
    void percentEncodesValuesSoTheyCannotChangeTheUrl() {
        UrlTemplate template = UrlTemplate.parse("https://api/companies/{symbol}");
        JsonNode record = JSON.readTree("{\"symbol\":\"BRK B/../x?y=1&z\"}");

        assertThat(template.expand(record)).hasToString("https://api/companies/BRK%20B%2F..%2Fx%3Fy%3D1%26z");
    }

    @Test
    void numbersAreWrittenAsText() {
        assertThat(UrlTemplate.parse("http://h/items/{id}").expand(JSON.readTree("{\"id\":42}")))
                .hasToString("http://h/items/42");
    }

    @Test
    void refusesRecordsLackingAVariable() {
        UrlTemplate template = UrlTemplate.parse("http://h/companies/{symbol}");

        assertThatThrownBy(() -> template.expand(JSON.readTree("{\"price\":1}")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("{symbol}");
        assertThatThrownBy(() -> template.expand(JSON.readTree("{\"symbol\":{\"a\":1}}")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a scalar");
    }

    @Test
    void refusesBadTemplatesWithTheFix() {
        assertThatThrownBy(() -> UrlTemplate.parse("${ticker.company-api.base-url}/companies/{symbol}"))
                .hasMessageContaining("unresolved placeholder");
        assertThatThrownBy(() -> UrlTemplate.parse("http://h/companies/{symbol"))
                .hasMessageContaining("unclosed");
        assertThatThrownBy(() -> UrlTemplate.parse("http://h/companies/{}"))
                .hasMessageContaining("invalid variable");
        assertThatThrownBy(() -> UrlTemplate.parse("companies/{symbol}"))
                .hasMessageContaining("absolute http or https");
    }
}
