package io.tributary.testing;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import io.tributary.api.OutputTag;
import io.tributary.api.ProcessorDefinition;
import io.tributary.internals.engine.ProcessorMetrics;
import io.tributary.internals.engine.RecordSink;
import io.tributary.internals.engine.StreamTask;
import io.tributary.internals.engine.TaskOptions;
import io.tributary.internals.state.StoreBatch;
import io.tributary.internals.state.StoreProvider;
import io.tributary.internals.state.memory.InMemoryStoreProvider;
import io.tributary.state.ValueStateDescriptor;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.jspecify.annotations.Nullable;

/**
 * Runs one processor without a broker, for unit tests, in the spirit of Kafka Streams'
 * {@code TopologyTestDriver}: pipe records in, move the watermark and the processing clock by hand, read
 * what was emitted and what state holds.
 *
 * <p>It runs the runtime's own task code (the same extraction, dead-lettering, state cache, timers and
 * watermarks) on one partition with in-memory state. Repartitioning is not simulated: every record is
 * processed as if it already sat in its key's partition. Not thread-safe.
 *
 * @param <K> the key type
 * @param <V> the input value type
 * @param <O> the output value type
 */
public final class ProcessorTestDriver<K, V, O> implements AutoCloseable {

    private record Sent(String topic, byte @Nullable [] key, byte @Nullable [] value, long timestamp,
            @Nullable Headers headers) {
    }

    private final ProcessorDefinition<K, V, O> definition;
    private final ManualClock clock;
    private final StoreProvider stores = new InMemoryStoreProvider();
    private final List<Sent> sent = new ArrayList<>();
    private final ProcessorMetrics metrics = new ProcessorMetrics();
    private final StreamTask<K, V, O> task;
    private long nextOffset;
    private long changelogRecords;

    private ProcessorTestDriver(ProcessorDefinition<K, V, O> definition, Instant processingTime) {
        this.definition = definition;
        this.clock = new ManualClock(processingTime);
        RecordSink sink = (topic, partition, key, value, timestamp, headers) ->
                sent.add(new Sent(topic, key, value, timestamp, headers));
        this.task = new StreamTask<>(definition, 0, definition.sources(), false, stores.open(definition.name(), 0),
                sink, clock, metrics, TaskOptions.defaults());
        task.open();
    }

    /** A driver whose processing clock starts at the epoch. */
    public static <K, V, O> ProcessorTestDriver<K, V, O> of(ProcessorDefinition<K, V, O> definition) {
        return new ProcessorTestDriver<>(definition, Instant.EPOCH);
    }

    /** A driver whose processing clock starts at {@code processingTime}. */
    public static <K, V, O> ProcessorTestDriver<K, V, O> of(ProcessorDefinition<K, V, O> definition,
            Instant processingTime) {
        return new ProcessorTestDriver<>(definition, processingTime);
    }

    /** Pipes a record into the first source topic: key as UTF-8, value through the processor's value serde. */
    public ProcessorTestDriver<K, V, O> pipe(@Nullable String recordKey, V value, Instant recordTimestamp) {
        byte[] key = recordKey == null ? null : recordKey.getBytes(StandardCharsets.UTF_8);
        return pipeRaw(definition.sources().get(0), key, definition.valueSerde().serialize(value), recordTimestamp);
    }

    /** Like {@link #pipe(String, Object, Instant)}, with headers on the input record (e.g. a trace context). */
    public ProcessorTestDriver<K, V, O> pipe(@Nullable String recordKey, V value, Instant recordTimestamp,
            Headers headers) {
        byte[] key = recordKey == null ? null : recordKey.getBytes(StandardCharsets.UTF_8);
        return pipeRaw(definition.sources().get(0), key, definition.valueSerde().serialize(value), recordTimestamp,
                headers);
    }

    /** Pipes raw bytes (for malformed input) into {@code topic}, one of the processor's sources. */
    public ProcessorTestDriver<K, V, O> pipeRaw(String topic, byte @Nullable [] key, byte @Nullable [] value,
            Instant recordTimestamp) {
        return pipeRaw(topic, key, value, recordTimestamp, new RecordHeaders());
    }

    private ProcessorTestDriver<K, V, O> pipeRaw(String topic, byte @Nullable [] key, byte @Nullable [] value,
            Instant recordTimestamp, Headers headers) {
        if (!definition.sources().contains(topic)) {
            throw new IllegalArgumentException("'" + topic + "' is not a source of processor '" + definition.name()
                    + "'; its sources are " + definition.sources());
        }
        task.process(new ConsumerRecord<>(topic, 0, nextOffset++, recordTimestamp.toEpochMilli(),
                TimestampType.CREATE_TIME, key == null ? -1 : key.length, value == null ? -1 : value.length, key, value,
                headers, Optional.empty()));
        return this;
    }

    /** Moves the watermark to {@code watermark} (never back), firing event-time timers due by it. */
    public ProcessorTestDriver<K, V, O> advanceWatermark(Instant watermark) {
        task.advanceWatermarkTo(watermark.toEpochMilli());
        return this;
    }

    /** Moves the processing clock forward, firing processing-time timers due by then. */
    public ProcessorTestDriver<K, V, O> advanceProcessingTime(Duration duration) {
        clock.advance(duration);
        task.onProcessingTime();
        return this;
    }

    /** Commits, as the runtime does on its interval: state moves from the cache into the store. */
    public ProcessorTestDriver<K, V, O> commit() {
        StoreBatch batch = task.prepareCommit();
        changelogRecords += batch.size();
        task.completeCommit(batch, -1);
        return this;
    }

    /**
     * Runs the TTL eviction scan now instead of on its interval; returns how many expired entries it
     * deleted. The deletes reach the store at the next {@link #commit()}, as in the runtime.
     */
    public int evictExpiredState() {
        return task.evictExpiredState();
    }

    /** The task's current watermark. */
    public Instant watermark() {
        return Instant.ofEpochMilli(task.watermark());
    }

    /** Removes and returns what was emitted to the main output so far. */
    public List<TestRecord<K, O>> readOutput() {
        String topic = definition.outputTopic();
        if (topic == null) {
            throw new IllegalStateException("processor '" + definition.name() + "' has no main output");
        }
        return drain(topic, definition.outputSerde()::deserialize);
    }

    /** Removes and returns what was sent to side output {@code tag} so far. */
    public <T> List<TestRecord<K, T>> readSideOutput(OutputTag<T> tag) {
        String topic = definition.sideOutputTopics().get(tag.name());
        if (topic == null) {
            throw new IllegalArgumentException("processor '" + definition.name() + "' maps no topic to " + tag);
        }
        return drain(topic, tag.serde()::deserialize);
    }

    /** Removes and returns the dead-lettered records (original bytes, with the reason headers). */
    public List<TestRecord<byte[], byte[]>> readDeadLetters() {
        List<TestRecord<byte[], byte[]>> out = new ArrayList<>();
        for (Iterator<Sent> it = sent.iterator(); it.hasNext();) {
            Sent record = it.next();
            if (record.topic().equals(definition.deadLetterTopic())) {
                it.remove();
                out.add(new TestRecord<>(record.topic(), record.key(), record.value(),
                        Instant.ofEpochMilli(record.timestamp()), headers(record)));
            }
        }
        return out;
    }

    /** The value state {@code descriptor} holds for {@code key} (committed or not), or {@code null}. */
    public <T> @Nullable T stateValue(ValueStateDescriptor<T> descriptor, K key) {
        return task.peekValue(descriptor, key);
    }

    /** How many records the processor counted as late ({@code ProcessContext.countLateRecord()}) so far. */
    public long lateRecords() {
        return metrics.recordsLate.sum();
    }

    /** How many records the processor counted as duplicates ({@code ProcessContext.countDuplicate()}) so far. */
    public long duplicatesDropped() {
        return metrics.duplicatesDropped.sum();
    }

    /** Live timers of all keys. */
    public int timerCount() {
        return task.timerCount();
    }

    /**
     * Changelog records (state, timer and watermark puts and tombstones) that the commits so far would have sent: a
     * change undone before its commit, such as state written and deleted within one interval, costs none.
     */
    public long changelogRecords() {
        return changelogRecords;
    }

    /** Entries in the committed store (state, timers and metadata): shows eviction freeing space. */
    public long storedEntries() {
        return task.store().approximateEntries();
    }

    @Override
    public void close() {
        task.close();
        stores.close();
    }

    private <T> List<TestRecord<K, T>> drain(String topic, Function<byte[], T> decoder) {
        List<TestRecord<K, T>> out = new ArrayList<>();
        for (Iterator<Sent> it = sent.iterator(); it.hasNext();) {
            Sent record = it.next();
            if (record.topic().equals(topic)) {
                it.remove();
                K key = record.key() == null ? null : definition.keySerde().deserialize(record.key());
                out.add(new TestRecord<>(topic, key, decoder.apply(record.value()), Instant.ofEpochMilli(record.timestamp()),
                        headers(record)));
            }
        }
        return out;
    }

    private static Headers headers(Sent record) {
        return record.headers() == null ? new RecordHeaders() : record.headers();
    }
}
