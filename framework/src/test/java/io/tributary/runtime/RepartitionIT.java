package io.tributary.runtime;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import io.tributary.api.KeySelectors;
import io.tributary.api.ProcessorDefinition;
import io.tributary.api.Tributary;
import io.tributary.api.TributaryConfig;
import io.tributary.serde.Serdes;
import io.tributary.state.ValueState;
import io.tributary.state.ValueStateDescriptor;
import io.tributary.testing.broker.KafkaBroker;
import io.tributary.testing.broker.RealKafka;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Re-keying: records keyed by order id are counted per customer, a field of the value. Without the
 * repartition topic a customer's orders would be spread over tasks and counted in pieces.
 */
@RealKafka
class RepartitionIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final List<String> CUSTOMERS = IntStream.range(0, 6).mapToObj(i -> "customer-" + i).toList();
    private static final ValueStateDescriptor<Long> COUNT = ValueStateDescriptor.of("count", Serdes.longs());

    @Test
    void groupsByAValueFieldThroughTheRepartitionTopic(KafkaBroker broker, @TempDir Path stateDir) {
        String input = broker.createUniqueTopic("orders", 3);
        String output = broker.uniqueTopic("orders-per-customer");
        ProcessorDefinition<String, JsonNode, JsonNode> perCustomer = ProcessorDefinition.json("per-customer")
                .source(input)
                .key(KeySelectors.field("customer"))
                .repartition()
                .output(output)
                .function(() -> (value, context) -> {
                    ValueState<Long> count = context.state(COUNT);
                    long next = count.value() == null ? 1 : count.value() + 1;
                    count.update(next);
                    context.emit(JsonNodeFactory.instance.numberNode(next));
                })
                .build();
        TributaryConfig config = TributaryConfig.builder(broker.uniqueTopic("repartition-app"))
                .bootstrapServers(broker.bootstrapServers()).stateDir(stateDir).build();

        List<Map.Entry<String, String>> orders = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            for (String customer : CUSTOMERS) {
                orders.add(Map.entry("order-" + i + "-" + customer, "{\"customer\":\"" + customer + "\"}"));
            }
        }
        try (Tributary tributary = Tributary.create(config, List.of(perCustomer)).start()) {
            broker.produceAll(input, orders);
            broker.readAllCommitted(output, orders.size(), WAIT);
        }
        Outputs.assertExactCounts(broker.readToEnd(output, WAIT), CUSTOMERS, 50);
    }
}
