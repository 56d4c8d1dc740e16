package io.tributary.internals.enrich;

import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FieldMergeTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final String TICK = "{\"symbol\":\"AMZN\",\"price\":187,\"timestamp\":\"2026-11-21T10:03:07.250Z\","
            + "\"company_info\":{\"name\":\"Amazon.com Inc\",\"employees_count\":1525000}}";

    private static final String COMPANY = "{\"symbol\":\"AMZN\",\"sector\":\"Consumer\",\"rating\":\"A\"}";

    @Test
    void flattensTheSampleTickIntoTheContractShape() {
        FieldMerge merge = FieldMerge.of(List.of("sector", "rating"), "",
                List.of("company_name=company_info.name", "employees_count=company_info.employees_count"));

        JsonNode merged = merge.apply(JSON.readTree(TICK), JSON.readTree(COMPANY));

        assertThat(merged.toString()).isEqualTo("{\"symbol\":\"AMZN\",\"price\":187,"
                + "\"timestamp\":\"2026-11-21T10:03:07.250Z\",\"company_name\":\"Amazon.com Inc\","
                + "\"employees_count\":1525000,\"sector\":\"Consumer\",\"rating\":\"A\"}");
    }

    @Test
    void mergesIntoTheRecordsOwnTreeWithoutCopyingIt() {
        JsonNode input = JSON.readTree(TICK);
        JsonNode merged = FieldMerge.of(List.of(), "", List.of("company_name=company_info.name"))
                .apply(input, JSON.readTree(COMPANY));

        assertThat(merged).isSameAs(input);
        assertThat(merged.get("company_name").asString()).isEqualTo("Amazon.com Inc");
    }

    @Test
    void copiesTheResultsFieldsSoACachedResultIsNeverShared() {
        JsonNode result = JSON.readTree("{\"details\":{\"rating\":\"B\"}}");
        ObjectNode merged = (ObjectNode) FieldMerge.of(List.of(), "", List.of())
                .apply(JSON.readTree("{\"symbol\":\"X\"}"), result);

        ((ObjectNode) merged.get("details")).put("rating", "changed");

        assertThat(result.toString()).isEqualTo("{\"details\":{\"rating\":\"B\"}}");
    }

    @Test
    void keepsAnObjectThatStillHasFieldsAfterAMove() {
        JsonNode merged = FieldMerge.of(List.of(), "", List.of("company_name=company_info.name"))
                .apply(JSON.readTree(TICK), JSON.readTree("{}"));

        assertThat(merged.get("company_info").toString()).isEqualTo("{\"employees_count\":1525000}");
        assertThat(merged.get("company_name").asString()).isEqualTo("Amazon.com Inc");
    }

    @Test
    void takesRenamedAndNestedFieldsUnderAnObject() {
        JsonNode merged = FieldMerge.of(List.of("industry=sector", "grade=details.rating", "missing"), "company", List.of())
                .apply(JSON.readTree("{\"symbol\":\"X\"}"),
                        JSON.readTree("{\"sector\":\"Tech\",\"details\":{\"rating\":\"B\"}}"));

        assertThat(merged.toString())
                .isEqualTo("{\"symbol\":\"X\",\"company\":{\"industry\":\"Tech\",\"grade\":\"B\"}}");
    }

    @Test
    void withoutTakeCopiesEveryFieldOfTheResult() {
        JsonNode merged = FieldMerge.of(List.of(), "", List.of())
                .apply(JSON.readTree("{\"symbol\":\"X\"}"), JSON.readTree(COMPANY));

        assertThat(merged.toString()).isEqualTo(COMPANY);
    }

    @Test
    void refusesBadMappingsAndRecords() {
        assertThatThrownBy(() -> FieldMerge.of(List.of(), "", List.of("company_info.name")))
                .hasMessageContaining("'target=source'");
        assertThatThrownBy(() -> FieldMerge.of(List.of("a..b"), "", List.of()))
                .hasMessageContaining("a..b");
        assertThatThrownBy(() -> FieldMerge.of(List.of(), "", List.of()).apply(JSON.readTree("[1]"), JSON.readTree("{}")))
                .hasMessageContaining("not a JSON object");
    }
}
