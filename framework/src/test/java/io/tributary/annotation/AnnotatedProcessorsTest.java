package io.tributary.annotation;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.tributary.api.EventTimeExtractors;
import io.tributary.api.KeyedProcessFunction;
import io.tributary.api.OutputTag;
import io.tributary.api.ProcessContext;
import io.tributary.api.ProcessorDefinition;
import io.tributary.api.TimerContext;
import io.tributary.api.WatermarkStrategy;
import io.tributary.serde.SerdeException;
import io.tributary.serde.Serdes;
import io.tributary.state.ValueState;
import io.tributary.state.ValueStateDescriptor;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AnnotatedProcessorsTest {

    private static final Map<String, String> PROPERTIES = Map.of(
            "topics.orders", "orders",
            "counts.topic", "order-counts",
            "late", "5s");

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}:]+)(?::([^}]*))?}");

    /** Resolves {@code ${key}} and {@code ${key:default}} from {@link #PROPERTIES}; leaves unknown ones as they are. */
    private static final UnaryOperator<String> RESOLVER = text -> {
        Matcher matcher = PLACEHOLDER.matcher(text);
        StringBuilder resolved = new StringBuilder();
        while (matcher.find()) {
            String value = PROPERTIES.getOrDefault(matcher.group(1), matcher.group(2));
            matcher.appendReplacement(resolved, Matcher.quoteReplacement(value != null ? value : matcher.group()));
        }
        return matcher.appendTail(resolved).toString();
    };

    private static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");

    record Payment(String account, String region, long amount) {
    }

    record Count(String company, long count) {
    }

    record Closed(String company, String closedAt) {
    }

    static class OrderBeans {

        static final ValueStateDescriptor<Long> COUNT = ValueStateDescriptor.of("count", Long.class);

        static final OutputTag<Object> BIG = OutputTag.of("big", Object.class);

        @KeyedProcessor(name = "counter", sources = "${topics.orders}", output = "${counts.topic}",
                keyField = "company_info.name", timestampField = "created_at", maxOutOfOrderness = "${late}",
                idleTimeout = "${idle:1m}")
        void count(JsonNode order, ProcessContext<String, Object> ctx) {
            ValueState<Long> count = ctx.state(COUNT);
            Long previous = count.value();
            long next = previous == null ? 1 : previous + 1;
            count.update(next);
            ctx.emit(new Count(ctx.currentKey(), next));
            ctx.timerService().registerEventTimeTimer(ctx.timestamp().plus(Duration.ofMinutes(1)));
        }

        @OnTimer("counter")
        void closeCount(TimerContext<String, Object> ctx) {
            ctx.emit(new Closed(ctx.currentKey(), ctx.timestamp().toString()));
        }

        @KeyedProcessor(name = "payments", sources = { "payments", "refunds, chargebacks" },
                valueType = Payment.class, keyField = "account, region", deadLetterTopic = "payments-dlt",
                repartition = true, sideOutputs = @SideOutput(name = "big", topic = "big-payments"))
        public void payments(Payment payment, ProcessContext<String, Object> ctx) {
            if (payment.amount() > 100) {
                ctx.sideOutput(BIG, payment);
            }
            else {
                ctx.emit(payment);
            }
        }

        void notAProcessor(JsonNode value, ProcessContext<String, Object> ctx) {
            ctx.emit("never");
        }
    }

    @Test
    void findsEveryProcessorOfTheBeanSortedByName() {
        List<ProcessorDefinition<String, ?, Object>> definitions = AnnotatedProcessors.definitionsOf(new OrderBeans(),
                RESOLVER);

        assertThat(definitions).extracting(ProcessorDefinition::name).containsExactly("counter", "payments");
    }

    @Test
    void resolvesPlaceholdersInAttributes() {
        ProcessorDefinition<String, ?, Object> counter = definition(new OrderBeans(), "counter");

        assertThat(counter.sources()).containsExactly("orders");
        assertThat(counter.outputTopic()).isEqualTo("order-counts");
        assertThat(counter.watermarkStrategy())
                .isEqualTo(new WatermarkStrategy(Duration.ofSeconds(5), Duration.ofMinutes(1)));
        assertThat(counter.deadLetterTopic()).isEqualTo("orders-dlt");
        assertThat(counter.repartition()).isFalse();
    }

    @Test
    void passesAttributesLiterallyWithoutAResolver() {
        assertThatIllegalStateException().isThrownBy(() -> AnnotatedProcessors.definitionsOf(new OrderBeans()))
                .withMessageContaining("maxOutOfOrderness '${late}' is not a duration");
    }

    @Test
    void mapsTheRemainingAttributes() {
        ProcessorDefinition<String, ?, Object> payments = definition(new OrderBeans(), "payments");

        assertThat(payments.sources()).containsExactly("payments", "refunds", "chargebacks");
        assertThat(payments.outputTopic()).isNull();
        assertThat(payments.deadLetterTopic()).isEqualTo("payments-dlt");
        assertThat(payments.repartition()).isTrue();
        assertThat(payments.sideOutputTopics()).containsExactly(Map.entry("big", "big-payments"));
        assertThat(payments.watermarkStrategy()).isEqualTo(WatermarkStrategy.boundedOutOfOrderness(Duration.ZERO));
    }

    @Test
    void readsKeyAndEventTimeFromTheJsonTree() {
        ProcessorDefinition<String, JsonNode, Object> counter = jsonDefinition(new OrderBeans(), "counter");
        JsonNode order = json("{\"company_info\": {\"name\": \"acme\"}, \"created_at\": \"2026-11-21T10:03:07.250Z\"}");

        assertThat(counter.keySelector().selectKey("record-key".getBytes(StandardCharsets.UTF_8), order))
                .isEqualTo("acme");
        assertThat(counter.eventTimeExtractor().extract(order, T0))
                .isEqualTo(Instant.parse("2026-11-21T10:03:07.250Z"));
    }

    @Test
    void readsTheTreeEvenWhenTheMethodTakesABoundType() {
        ProcessorDefinition<String, JsonNode, Object> payments = jsonDefinition(new OrderBeans(), "payments");
        JsonNode payment = json("{\"account\": \"a-1\", \"region\": \"eu\", \"amount\": 5}");

        assertThat(payments.valueSerde().deserialize(payment.toString().getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(payment);
        assertThat(payments.keySelector().selectKey(null, payment)).isEqualTo("a-1|eu");
        assertThat(payments.eventTimeExtractor().extract(payment, T0)).isEqualTo(T0);
    }

    @Test
    void defaultsToTheRecordKeyAndTimestamp() {
        ProcessorDefinition<String, JsonNode, Object> minimal = jsonDefinition(new MinimalBean(), "minimal");

        assertThat(minimal.keySelector().selectKey("k-1".getBytes(StandardCharsets.UTF_8), json("{}")))
                .isEqualTo("k-1");
        assertThat(minimal.eventTimeExtractor()).isSameAs(EventTimeExtractors.recordTimestamp());
    }

    @Test
    void writesOutputsAsJson() {
        ProcessorDefinition<String, ?, Object> counter = definition(new OrderBeans(), "counter");

        assertThat(new String(counter.outputSerde().serialize(new Count("acme", 2)), StandardCharsets.UTF_8))
                .isEqualTo("{\"company\":\"acme\",\"count\":2}");
        assertThat(new String(counter.outputSerde().serialize(json("{\"a\": [1, \"b\"]}")), StandardCharsets.UTF_8))
                .isEqualTo("{\"a\":[1,\"b\"]}");
    }

    @Test
    void functionCallsTheMethodWithTheTreeAndItsContext() throws Exception {
        KeyedProcessFunction<String, JsonNode, Object> function = jsonDefinition(new OrderBeans(), "counter")
                .newFunction();
        RecordingContext ctx = new RecordingContext().at("acme", T0);
        JsonNode order = json("{\"company_info\": {\"name\": \"acme\"}}");

        function.processElement(order, ctx);
        function.processElement(order, ctx);

        assertThat(ctx.emits).containsExactly(
                new RecordingContext.Emit("acme", new Count("acme", 1), T0),
                new RecordingContext.Emit("acme", new Count("acme", 2), T0));
        assertThat(ctx.eventTimers).containsExactly(T0.plusSeconds(60), T0.plusSeconds(60));
    }

    @Test
    void functionBindsTheTreeToTheValueType() throws Exception {
        KeyedProcessFunction<String, JsonNode, Object> function = jsonDefinition(new OrderBeans(), "payments")
                .newFunction();
        RecordingContext ctx = new RecordingContext().at("a-1|eu", T0);

        function.processElement(json("{\"account\": \"a-1\", \"region\": \"eu\", \"amount\": 5}"), ctx);
        function.processElement(json("{\"account\": \"a-1\", \"region\": \"eu\", \"amount\": 500}"), ctx);

        assertThat(ctx.emits).extracting(RecordingContext.Emit::value).containsExactly(new Payment("a-1", "eu", 5));
        assertThat(ctx.sideOutputs).containsExactly(new RecordingContext.Side("big", new Payment("a-1", "eu", 500)));
    }

    @Test
    void valuesThatDoNotBindFailWithTheProcessorAndType() {
        KeyedProcessFunction<String, JsonNode, Object> function = jsonDefinition(new OrderBeans(), "payments")
                .newFunction();

        assertThatThrownBy(() -> function.processElement(json("{\"amount\": \"lots\"}"), new RecordingContext()))
                .isInstanceOf(SerdeException.class)
                .hasMessageContaining("processor 'payments'")
                .hasMessageContaining(Payment.class.getName());
    }

    @Test
    void functionCallsTheTimerMethod() throws Exception {
        KeyedProcessFunction<String, JsonNode, Object> function = jsonDefinition(new OrderBeans(), "counter")
                .newFunction();
        RecordingContext ctx = new RecordingContext().at("acme", T0.plusSeconds(60));

        function.onTimer(ctx);

        assertThat(ctx.emits).extracting(RecordingContext.Emit::value)
                .containsExactly(new Closed("acme", "2026-11-21T10:01:00Z"));
    }

    @Test
    void timersOfAProcessorWithoutTimerMethodAreDropped() throws Exception {
        RecordingContext ctx = new RecordingContext();

        jsonDefinition(new OrderBeans(), "payments").newFunction().onTimer(ctx);

        assertThat(ctx.emits).isEmpty();
    }

    @Test
    void createsAFunctionPerTask() {
        ProcessorDefinition<String, ?, Object> counter = definition(new OrderBeans(), "counter");

        assertThat(counter.newFunction()).isNotSameAs(counter.newFunction());
    }

    static class ThrowingBean {

        static final IllegalStateException UNCHECKED = new IllegalStateException("boom");

        @KeyedProcessor(name = "unchecked", sources = "in")
        void unchecked(JsonNode value, ProcessContext<String, Object> ctx) {
            throw UNCHECKED;
        }

        @KeyedProcessor(name = "checked", sources = "in")
        void checked(JsonNode value, ProcessContext<String, Object> ctx) throws IOException {
            throw new IOException("disk on fire");
        }

        @OnTimer("checked")
        void timer(TimerContext<String, Object> ctx) throws IOException {
            throw new IOException("timer on fire");
        }
    }

    @Test
    void theMethodsExceptionsPropagateUnwrapped() {
        KeyedProcessFunction<String, JsonNode, Object> unchecked = jsonDefinition(new ThrowingBean(), "unchecked")
                .newFunction();
        KeyedProcessFunction<String, JsonNode, Object> checked = jsonDefinition(new ThrowingBean(), "checked")
                .newFunction();

        assertThatThrownBy(() -> unchecked.processElement(json("{}"), new RecordingContext()))
                .isSameAs(ThrowingBean.UNCHECKED);
        assertThatThrownBy(() -> checked.processElement(json("{}"), new RecordingContext()))
                .isExactlyInstanceOf(IOException.class).hasMessage("disk on fire");
        assertThatThrownBy(() -> checked.onTimer(new RecordingContext()))
                .isExactlyInstanceOf(IOException.class).hasMessage("timer on fire");
    }

    static class MinimalBean {

        @KeyedProcessor(name = "minimal", sources = "in")
        public void process(Object value, ProcessContext<String, Object> ctx) {
            ctx.emit(value);
        }
    }

    @Test
    void acceptsAMethodTakingASupertypeOfTheValueType() throws Exception {
        RecordingContext ctx = new RecordingContext();

        jsonDefinition(new MinimalBean(), "minimal").newFunction().processElement(json("{\"a\": 1}"), ctx);

        assertThat(ctx.emits).extracting(RecordingContext.Emit::value).containsExactly(json("{\"a\": 1}"));
    }

    @Test
    void beansWithoutProcessorsGiveNoDefinitions() {
        assertThat(AnnotatedProcessors.definitionsOf(new Object(), RESOLVER)).isEmpty();
        assertThat(AnnotatedProcessors.definitionsOf("a string", RESOLVER)).isEmpty();
    }

    static class InheritingBeans extends OrderBeans {
    }

    @Test
    void findsProcessorsDeclaredInSuperclasses() {
        assertThat(AnnotatedProcessors.definitionsOf(new InheritingBeans(), RESOLVER))
                .extracting(ProcessorDefinition::name).containsExactly("counter", "payments");
    }

    static class OverridingBeans extends OrderBeans {

        @Override
        void count(JsonNode order, ProcessContext<String, Object> ctx) {
            ctx.emit("overridden");
        }
    }

    @Test
    void anOverrideInheritsTheAnnotationAndIsTheOneCalled() throws Exception {
        List<ProcessorDefinition<String, ?, Object>> definitions = AnnotatedProcessors
                .definitionsOf(new OverridingBeans(), RESOLVER);
        RecordingContext ctx = new RecordingContext();

        jsonDefinition(new OverridingBeans(), "counter").newFunction().processElement(json("{}"), ctx);

        assertThat(definitions).extracting(ProcessorDefinition::name).containsExactly("counter", "payments");
        assertThat(ctx.emits).extracting(RecordingContext.Emit::value).containsExactly("overridden");
    }

    /** Named as Spring names its CGLIB proxies; like them, it overrides the methods without annotations. */
    static class OrderBeans$$SpringCGLIB$$0 extends OrderBeans {

        @Override
        void count(JsonNode order, ProcessContext<String, Object> ctx) {
            ctx.emit("advised");
            super.count(order, ctx);
        }
    }

    @Test
    void scansAProxyAsTheClassItProxiesAndCallsThroughTheProxy() throws Exception {
        OrderBeans proxy = new OrderBeans$$SpringCGLIB$$0();
        RecordingContext ctx = new RecordingContext().at("acme", T0);

        List<ProcessorDefinition<String, ?, Object>> definitions = AnnotatedProcessors.definitionsOf(proxy, RESOLVER);
        jsonDefinition(proxy, "counter").newFunction().processElement(json("{}"), ctx);

        assertThat(AnnotatedProcessors.userClass(proxy.getClass())).isEqualTo(OrderBeans.class);
        assertThat(definitions).extracting(ProcessorDefinition::name).containsExactly("counter", "payments");
        assertThat(ctx.emits).extracting(RecordingContext.Emit::value)
                .containsExactly("advised", new Count("acme", 1));
    }

    static class MissingContext {

        @KeyedProcessor(name = "broken", sources = "in")
        void process(JsonNode value) {
        }
    }

    static class ReturnsValue {

        @KeyedProcessor(name = "broken", sources = "in")
        String process(JsonNode value, ProcessContext<String, Object> ctx) {
            return "ignored";
        }
    }

    static class StaticMethod {

        @KeyedProcessor(name = "broken", sources = "in")
        static void process(JsonNode value, ProcessContext<String, Object> ctx) {
        }
    }

    static class WrongKeyType {

        @KeyedProcessor(name = "broken", sources = "in")
        void process(JsonNode value, ProcessContext<Long, Object> ctx) {
        }
    }

    @Test
    void badSignaturesFailNamingClassMethodAndExpectedSignature() {
        for (Object bean : List.of(new MissingContext(), new ReturnsValue(), new StaticMethod(), new WrongKeyType())) {
            assertThatIllegalStateException().as(bean.getClass().getSimpleName())
                    .isThrownBy(() -> AnnotatedProcessors.definitionsOf(bean, RESOLVER))
                    .withMessageStartingWith("@KeyedProcessor 'broken' on " + bean.getClass().getName() + ".process(")
                    .withMessageContaining("wrong signature")
                    .withMessageContaining("'void process(JsonNode value, ProcessContext<String, Object> ctx)'");
        }
    }

    static class ForgotValueType {

        @KeyedProcessor(name = "payments", sources = "in")
        void process(Payment payment, ProcessContext<String, Object> ctx) {
        }
    }

    @Test
    void aValueParameterThatIsNotTheValueTypeSuggestsSettingIt() {
        assertThatIllegalStateException()
                .isThrownBy(() -> AnnotatedProcessors.definitionsOf(new ForgotValueType(), RESOLVER))
                .withMessageContaining(ForgotValueType.class.getName() + ".process(Payment, ProcessContext)")
                .withMessageContaining("takes Payment but valueType is JsonNode")
                .withMessageContaining("set valueType = Payment.class");
    }

    static class BadDuration {

        @KeyedProcessor(name = "late", sources = "in", maxOutOfOrderness = "ten seconds")
        void process(JsonNode value, ProcessContext<String, Object> ctx) {
        }
    }

    static class UnitlessDuration {

        @KeyedProcessor(name = "late", sources = "in", maxOutOfOrderness = "10")
        void process(JsonNode value, ProcessContext<String, Object> ctx) {
        }
    }

    static class NegativeDuration {

        @KeyedProcessor(name = "late", sources = "in", maxOutOfOrderness = "PT-5S")
        void process(JsonNode value, ProcessContext<String, Object> ctx) {
        }
    }

    static class ZeroIdleTimeout {

        @KeyedProcessor(name = "late", sources = "in", idleTimeout = "0s")
        void process(JsonNode value, ProcessContext<String, Object> ctx) {
        }
    }

    @Test
    void badDurationsFailNamingProcessorAttributeValueAndExample() {
        assertThatIllegalStateException()
                .isThrownBy(() -> AnnotatedProcessors.definitionsOf(new BadDuration(), RESOLVER))
                .withMessage("@KeyedProcessor 'late' on " + BadDuration.class.getName()
                        + ".process(JsonNode, ProcessContext): maxOutOfOrderness 'ten seconds' is not a duration; "
                        + "write e.g. 500ms, 10s, 3m, 1h, 2d or PT3M");
        assertThatIllegalStateException()
                .isThrownBy(() -> AnnotatedProcessors.definitionsOf(new UnitlessDuration(), RESOLVER))
                .withMessageContaining("maxOutOfOrderness '10' is not a duration");
        assertThatIllegalStateException()
                .isThrownBy(() -> AnnotatedProcessors.definitionsOf(new NegativeDuration(), RESOLVER))
                .withMessageContaining("maxOutOfOrderness must not be negative, got 'PT-5S'");
        assertThatIllegalStateException()
                .isThrownBy(() -> AnnotatedProcessors.definitionsOf(new ZeroIdleTimeout(), RESOLVER))
                .withMessageContaining("'late'")
                .withMessageContaining("idleTimeout must be positive, got '0s'");
    }

    static class IsoDurations {

        @KeyedProcessor(name = "iso", sources = "in", maxOutOfOrderness = "PT3M", idleTimeout = "2d")
        void process(JsonNode value, ProcessContext<String, Object> ctx) {
        }
    }

    @Test
    void acceptsIsoAndSimpleDurations() {
        assertThat(definition(new IsoDurations(), "iso").watermarkStrategy())
                .isEqualTo(new WatermarkStrategy(Duration.ofMinutes(3), Duration.ofDays(2)));
    }

    static class BadKeyField {

        @KeyedProcessor(name = "keys", sources = "in", keyField = "company..name")
        void process(JsonNode value, ProcessContext<String, Object> ctx) {
        }
    }

    static class BadTimestampField {

        @KeyedProcessor(name = "times", sources = "in", timestampField = "created_at.")
        void process(JsonNode value, ProcessContext<String, Object> ctx) {
        }
    }

    @Test
    void badFieldPathsFailNamingProcessorAndPath() {
        assertThatIllegalStateException()
                .isThrownBy(() -> AnnotatedProcessors.definitionsOf(new BadKeyField(), RESOLVER))
                .withMessageStartingWith("@KeyedProcessor 'keys' on " + BadKeyField.class.getName())
                .withMessageContaining("keyField 'company..name' is invalid");
        assertThatIllegalStateException()
                .isThrownBy(() -> AnnotatedProcessors.definitionsOf(new BadTimestampField(), RESOLVER))
                .withMessageContaining("timestampField 'created_at.' is invalid");
    }

    static class UnresolvedName {

        @KeyedProcessor(name = "${processor.name}", sources = "in")
        void process(JsonNode value, ProcessContext<String, Object> ctx) {
        }
    }

    @Test
    void anUnresolvedPlaceholderFailsWithTheBuildersReason() {
        assertThatIllegalStateException()
                .isThrownBy(() -> AnnotatedProcessors.definitionsOf(new UnresolvedName(), RESOLVER))
                .withMessageContaining(UnresolvedName.class.getName() + ".process")
                .withMessageContaining("processor name must be 1-100 characters of [A-Za-z0-9._-], got '${processor.name}'");
    }

    static class NoSources {

        @KeyedProcessor(name = "empty", sources = "${missing.topics:}")
        void process(JsonNode value, ProcessContext<String, Object> ctx) {
        }
    }

    @Test
    void sourcesThatResolveToNothingFail() {
        assertThatIllegalStateException()
                .isThrownBy(() -> AnnotatedProcessors.definitionsOf(new NoSources(), RESOLVER))
                .withMessageContaining("'empty'")
                .withMessageContaining("names no topic");
    }

    static class DuplicateSideOutputs {

        @KeyedProcessor(name = "sides", sources = "in", sideOutputs = { @SideOutput(name = "late", topic = "a"),
                @SideOutput(name = "late", topic = "b") })
        void process(JsonNode value, ProcessContext<String, Object> ctx) {
        }
    }

    @Test
    void sideOutputNamesMustBeUnique() {
        assertThatIllegalStateException()
                .isThrownBy(() -> AnnotatedProcessors.definitionsOf(new DuplicateSideOutputs(), RESOLVER))
                .withMessageContaining("side output 'late' is declared twice");
    }

    static class DuplicateNames {

        @KeyedProcessor(name = "twice", sources = "in")
        void first(JsonNode value, ProcessContext<String, Object> ctx) {
        }

        @KeyedProcessor(name = "twice", sources = "in")
        void second(JsonNode value, ProcessContext<String, Object> ctx) {
        }
    }

    @Test
    void processorNamesMustBeUniqueInABean() {
        assertThatIllegalStateException()
                .isThrownBy(() -> AnnotatedProcessors.definitionsOf(new DuplicateNames(), RESOLVER))
                .withMessageContaining("name 'twice' is used twice")
                .withMessageContaining("first(JsonNode, ProcessContext)")
                .withMessageContaining("second(JsonNode, ProcessContext)");
    }

    static class UnknownTimer {

        @KeyedProcessor(name = "counter", sources = "in")
        void process(JsonNode value, ProcessContext<String, Object> ctx) {
        }

        @OnTimer("countr")
        void timer(TimerContext<String, Object> ctx) {
        }
    }

    @Test
    void aTimerMethodMustNameAProcessorOfTheBean() {
        assertThatIllegalStateException()
                .isThrownBy(() -> AnnotatedProcessors.definitionsOf(new UnknownTimer(), RESOLVER))
                .withMessageContaining("@OnTimer(\"countr\") on " + UnknownTimer.class.getName() + ".timer(TimerContext)")
                .withMessageContaining("use one of [counter]");
    }

    static class BadTimerSignature {

        @KeyedProcessor(name = "counter", sources = "in")
        void process(JsonNode value, ProcessContext<String, Object> ctx) {
        }

        @OnTimer("counter")
        void timer(ProcessContext<String, Object> ctx) {
        }
    }

    @Test
    void badTimerSignaturesFailWithTheExpectedOne() {
        assertThatIllegalStateException()
                .isThrownBy(() -> AnnotatedProcessors.definitionsOf(new BadTimerSignature(), RESOLVER))
                .withMessageContaining(BadTimerSignature.class.getName() + ".timer(ProcessContext)")
                .withMessageContaining("'void timer(TimerContext<String, Object> ctx)'");
    }

    private static ProcessorDefinition<String, ?, Object> definition(Object bean, String name) {
        return AnnotatedProcessors.definitionsOf(bean, RESOLVER).stream()
                .filter(definition -> definition.name().equals(name))
                .findFirst()
                .orElseThrow();
    }

    /** The definitions read JSON trees; the public signature says {@code ?} to leave room for other value types. */
    @SuppressWarnings("unchecked")
    private static ProcessorDefinition<String, JsonNode, Object> jsonDefinition(Object bean, String name) {
        ProcessorDefinition<String, ?, Object> definition = definition(bean, name);
        assertThat(definition.valueSerde().deserialize("{}".getBytes(StandardCharsets.UTF_8))).isInstanceOf(JsonNode.class);
        return (ProcessorDefinition<String, JsonNode, Object>) definition;
    }

    private static JsonNode json(String text) {
        return Serdes.defaultJsonMapper().readTree(text);
    }
}
