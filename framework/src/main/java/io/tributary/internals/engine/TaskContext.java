package io.tributary.internals.engine;

import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.nio.charset.StandardCharsets;

import io.tributary.api.OutputTag;
import io.tributary.api.ProcessContext;
import io.tributary.api.ProcessorDefinition;
import io.tributary.api.RecordMetadata;
import io.tributary.api.TimerContext;
import io.tributary.api.TimerService;
import io.tributary.internals.state.StoreIterator;
import io.tributary.serde.Serde;
import io.tributary.serde.Serdes;
import io.tributary.state.ListState;
import io.tributary.state.ListStateDescriptor;
import io.tributary.state.MapState;
import io.tributary.state.MapStateDescriptor;
import io.tributary.state.TimeDomain;
import io.tributary.state.ValueState;
import io.tributary.state.ValueStateDescriptor;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.jspecify.annotations.Nullable;

/**
 * The one context object a task hands its function, re-pointed at each record or timer instead of
 * allocated per call. Also the clock state TTLs read, and the async view of the task for functions that
 * finish records later.
 */
final class TaskContext<K, O> implements TimerContext<K, O>, TimerService, TaskClock, AsyncContext<K, O>,
        InputForwarding<K>, ExpiringMarkers, StoredStates {

    private final StreamTask<K, ?, O> task;
    private final ProcessorDefinition<K, ?, O> definition;
    private final RecordSink sink;
    private final KeyContext keyContext;
    private final ProcessorMetrics metrics;
    private final @Nullable String outputTopic;
    private final Map<String, String> sideOutputTopics;
    private long timestamp = Long.MIN_VALUE;
    private @Nullable ConsumerRecord<byte[], byte[]> record;
    private final Set<String> propagatedHeaders;
    private TimeDomain timerDomain = TimeDomain.EVENT_TIME;
    private @Nullable HeldRecord heldInCall;

    TaskContext(StreamTask<K, ?, O> task, ProcessorDefinition<K, ?, O> definition, RecordSink sink,
            KeyContext keyContext, ProcessorMetrics metrics, Set<String> propagatedHeaders) {
        this.task = task;
        this.propagatedHeaders = propagatedHeaders;
        this.definition = definition;
        this.sink = sink;
        this.keyContext = keyContext;
        this.metrics = metrics;
        this.outputTopic = definition.outputTopic();
        this.sideOutputTopics = definition.sideOutputTopics();
    }

    void enterOpen() {
        record = null;
        timestamp = Long.MIN_VALUE;
    }

    void enterRecord(long eventTime, ConsumerRecord<byte[], byte[]> input) {
        timestamp = eventTime;
        record = input;
        heldInCall = null;
    }

    /** The record held by the {@code processElement} call that just ran, if it held one. */
    @Nullable HeldRecord heldInCall() {
        return heldInCall;
    }

    void enterTimer(long time, TimeDomain domain) {
        timestamp = time;
        record = null;
        timerDomain = domain;
    }

    // -- ProcessContext

    @Override
    @SuppressWarnings("unchecked")
    public K currentKey() {
        return (K) keyContext.key();
    }

    @Override
    public Instant timestamp() {
        return Times.toInstant(timestamp);
    }

    @Override
    public Instant currentWatermark() {
        return Times.toInstant(task.watermark());
    }

    @Override
    public Instant currentProcessingTime() {
        return task.clock().instant();
    }

    @Override
    public TimerService timerService() {
        return this;
    }

    @Override
    public void emit(O value) {
        send(requireOutput(), keyContext.keyBytes(), definition.outputSerde().serialize(value), timestamp);
        metrics.recordsOut.increment();
    }

    @Override
    public void emit(K key, O value, Instant time) {
        send(requireOutput(), definition.keySerde().serialize(key), definition.outputSerde().serialize(value),
                Times.toMillis(time));
        metrics.recordsOut.increment();
    }

    @Override
    public void emitInput(K key, long timestampMillis) {
        forwardInput(definition.keySerde().serialize(key), timestampMillis);
    }

    @Override
    public void emitInputUnderCurrentKey(long timestampMillis) {
        forwardInput(keyContext.bytesEncodeKey() ? keyContext.keyBytes()
                : definition.keySerde().serialize(currentKey()), timestampMillis);
    }

    @Override
    @SuppressWarnings("unchecked")
    public void emitInputUnderUtf8Key(byte[] utf8Key, long timestampMillis) {
        Serde<K> keySerde = definition.keySerde();
        forwardInput(keySerde == Serdes.string() ? utf8Key
                : keySerde.serialize((K) new String(utf8Key, StandardCharsets.UTF_8)), timestampMillis);
    }

    private void forwardInput(byte[] key, long timestampMillis) {
        ConsumerRecord<byte[], byte[]> input = record;
        if (input == null || input.value() == null) {
            throw new IllegalStateException("emitInput needs an input record; it cannot be used in onTimer or open");
        }
        send(requireOutput(), key, input.value(), timestampMillis);
        metrics.recordsOut.increment();
    }

    @Override
    public <T> void sideOutput(OutputTag<T> tag, T value) {
        String topic = sideOutputTopics.get(tag.name());
        if (topic == null) {
            throw new IllegalStateException("processor '" + definition.name() + "' has no topic for side output '"
                    + tag.name() + "'; map it with sideOutput(tag, topic) on its definition");
        }
        send(topic, keyContext.keyBytes(), tag.serde().serialize(value), timestamp);
        metrics.sideOutputs.increment();
    }

    @Override
    public void sideOutputInput(OutputTag<?> tag, Map<String, String> extraHeaders) {
        ConsumerRecord<byte[], byte[]> input = record;
        if (input == null) {
            throw new IllegalStateException("sideOutputInput needs an input record; it cannot be used in onTimer or open");
        }
        String topic = sideOutputTopics.get(tag.name());
        if (topic == null) {
            throw new IllegalStateException("processor '" + definition.name() + "' has no topic for side output '"
                    + tag.name() + "'; map it with sideOutput(tag, topic) on its definition");
        }
        RecordHeaders headers = new RecordHeaders(input.headers().toArray());
        extraHeaders.forEach((name, value) -> headers.add(name, value.getBytes(StandardCharsets.UTF_8)));
        sink.send(topic, null, input.key(), input.value(), input.timestamp(), headers);
        metrics.sideOutputs.increment();
    }

    @Override
    public void countLateRecord() {
        metrics.recordsLate.increment();
    }

    @Override
    public void countDuplicate() {
        metrics.duplicatesDropped.increment();
    }

    @Override
    public RecordMetadata recordMetadata() {
        ConsumerRecord<byte[], byte[]> current = record;
        return current == null ? RecordMetadata.none()
                : new RecordMetadata(current.topic(), current.partition(), current.offset(), current.headers());
    }

    @Override
    public TimeDomain timeDomain() {
        return timerDomain;
    }

    // -- OpenContext

    @Override
    public <T> ValueState<T> state(ValueStateDescriptor<T> descriptor) {
        return task.state(descriptor);
    }

    @Override
    public <UK, UV> MapState<UK, UV> state(MapStateDescriptor<UK, UV> descriptor) {
        return task.state(descriptor);
    }

    @Override
    public <T> ListState<T> state(ListStateDescriptor<T> descriptor) {
        return task.state(descriptor);
    }

    @Override
    public String processorName() {
        return definition.name();
    }

    @Override
    public int partition() {
        return task.partition();
    }

    // -- StoredStates

    @Override
    public boolean hasStoredEntries(String name) {
        try (StoreIterator entries = task.store().prefixScan(StoreKeys.statePrefix(name))) {
            return entries.next();
        }
    }

    // -- TimerService

    @Override
    public void registerEventTimeTimer(Instant time) {
        task.timers(TimeDomain.EVENT_TIME).register(Times.toMillis(time), keyContext.key(), keyContext.keyBytes());
    }

    @Override
    public void deleteEventTimeTimer(Instant time) {
        task.timers(TimeDomain.EVENT_TIME).delete(Times.toMillis(time), keyContext.keyBytes());
    }

    @Override
    public void registerProcessingTimeTimer(Instant time) {
        task.timers(TimeDomain.PROCESSING_TIME).register(Times.toMillis(time), keyContext.key(), keyContext.keyBytes());
    }

    @Override
    public void deleteProcessingTimeTimer(Instant time) {
        task.timers(TimeDomain.PROCESSING_TIME).delete(Times.toMillis(time), keyContext.keyBytes());
    }

    // -- ExpiringMarkers

    @Override
    public long timestampMillis() {
        return timestamp;
    }

    @Override
    public MarkerState markerState(ValueStateDescriptor<Long> state, TimeDomain domain,
            java.util.function.LongUnaryOperator timeOf, java.time.Duration lifetime) {
        return task.markerState(state, domain, timeOf, lifetime);
    }

    // -- AsyncContext

    void asyncCapacity(int capacity) {
        task.inFlightRecords().capacity(capacity);
    }

    @Override
    public HeldRecord hold() {
        ConsumerRecord<byte[], byte[]> input = record;
        if (input == null || heldInCall != null) {
            throw new IllegalStateException("processor '" + definition.name()
                    + "' can hold only the record being processed, once, inside processElement");
        }
        HeldRecord held = task.inFlightRecords().hold(input, keyContext.key(), keyContext.keyBytes(), timestamp);
        heldInCall = held;
        return held;
    }

    @Override
    public void finish(HeldRecord held, Consumer<ProcessContext<K, O>> action) {
        if (held.released) {
            return;
        }
        Object savedKey = keyContext.key();
        byte[] savedKeyBytes = keyContext.keyBytes();
        boolean savedEncoded = keyContext.bytesEncodeKey();
        long savedTimestamp = timestamp;
        ConsumerRecord<byte[], byte[]> savedRecord = record;
        keyContext.set(held.key, held.keyBytes);
        timestamp = held.timestamp;
        record = held.input;
        try {
            action.accept(this);
        }
        finally {
            task.inFlightRecords().release(held);
            keyContext.set(savedKey, savedKeyBytes, savedEncoded);
            timestamp = savedTimestamp;
            record = savedRecord;
        }
    }

    @Override
    public void deadLetter(String topic, String reason, String detail, @Nullable Throwable cause,
            Map<String, String> extraHeaders) {
        ConsumerRecord<byte[], byte[]> input = record;
        if (input == null) {
            throw new IllegalStateException("deadLetter needs an input record; call it inside finish");
        }
        task.deadLetters().send(topic, input, reason, detail, cause, extraHeaders);
    }

    @Override
    public void deliver(Runnable continuation) {
        task.inFlightRecords().deliver(continuation);
    }

    @Override
    public ProcessorMetrics metrics() {
        return metrics;
    }

    // -- TaskClock

    @Override
    public long watermark() {
        return task.watermark();
    }

    @Override
    public long processingTime() {
        return task.clock().millis();
    }

    @Override
    public long currentTimestamp() {
        return timestamp;
    }

    private String requireOutput() {
        if (outputTopic == null) {
            throw new IllegalStateException("processor '" + definition.name()
                    + "' has no output topic; set output(topic) on its definition");
        }
        return outputTopic;
    }

    private void send(String topic, byte[] key, byte[] value, long time) {
        sink.send(topic, null, key, value, time, propagatedHeaders());
    }

    /** The trace context (or other propagated headers) of the input being processed; none in timers. */
    private @Nullable Headers propagatedHeaders() {
        ConsumerRecord<byte[], byte[]> current = record;
        if (current == null || propagatedHeaders.isEmpty()) {
            return null;
        }
        RecordHeaders carried = null;
        // toArray of no headers is a shared empty array, where iterating would allocate per record
        for (Header header : current.headers().toArray()) {
            if (propagatedHeaders.contains(header.key().toLowerCase(Locale.ROOT))) {
                if (carried == null) {
                    carried = new RecordHeaders();
                }
                carried.add(header);
            }
        }
        return carried;
    }
}
