package io.tributary.internals.window;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

import io.tributary.api.ProcessorDefinition;
import io.tributary.internals.engine.CountingStore;
import io.tributary.internals.engine.ProcessorMetrics;
import io.tributary.internals.engine.RecordSink;
import io.tributary.internals.engine.StreamTask;
import io.tributary.internals.engine.TaskOptions;
import io.tributary.internals.state.StoreBatch;
import io.tributary.internals.state.StoreIterator;
import io.tributary.internals.state.rocksdb.RocksDbStoreProvider;
import io.tributary.state.RocksDbSettings;
import io.tributary.testing.ManualClock;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.springframework.kafka.support.KafkaHeaders;
import tools.jackson.databind.JsonNode;

/**
 * A window processor's task on partition 0 over a real RocksDB store in {@code directory}, driven by hand like the
 * test driver, that can be restarted from its store: what it sends (results, late records, dead letters) is read as
 * text, a dead letter's stack trace left out as it names the path taken.
 */
final class RocksDbWindowTask implements AutoCloseable {

    private final Path directory;
    private ProcessorDefinition<String, JsonNode, JsonNode> definition;
    private final ManualClock clock;
    private final List<String> sent = new ArrayList<>();
    private final ProcessorMetrics metrics = new ProcessorMetrics();
    private RocksDbStoreProvider stores;
    private StreamTask<String, JsonNode, JsonNode> task;
    private long nextOffset;
    private boolean closed;
    private CountingStore store;

    RocksDbWindowTask(Path directory, ProcessorDefinition<String, JsonNode, JsonNode> definition, Instant clockStart) {
        this.directory = directory;
        this.definition = definition;
        this.clock = new ManualClock(clockStart);
        open();
    }

    private void open() {
        closed = false;
        stores = new RocksDbStoreProvider(directory, RocksDbSettings.defaults());
        RecordSink sink = (topic, partition, key, value, timestamp, headers) -> {
            StringBuilder text = new StringBuilder(topic).append(' ')
                    .append(key == null ? "-" : new String(key, StandardCharsets.UTF_8)).append(' ')
                    .append(value == null ? "-" : new String(value, StandardCharsets.UTF_8)).append(' ')
                    .append(Instant.ofEpochMilli(timestamp));
            if (headers != null) {
                for (Header header : headers) {
                    if (!header.key().equals(KafkaHeaders.DLT_EXCEPTION_STACKTRACE)) {
                        text.append(' ').append(header.key()).append('=')
                                .append(new String(header.value(), StandardCharsets.ISO_8859_1));
                    }
                }
            }
            sent.add(text.toString());
        };
        store = new CountingStore(stores.open(definition.name(), 0));
        task = new StreamTask<>(definition, 0, definition.sources(), false, store, sink, clock, metrics,
                TaskOptions.defaults());
        try {
            task.open();
        }
        catch (RuntimeException ex) {
            // as a failed start-up leaves it: closed, to be restarted from its store
            closeTask();
            throw ex;
        }
    }

    void pipe(String topic, byte[] value, Instant recordTimestamp) {
        task.process(new ConsumerRecord<>(topic, 0, nextOffset++, recordTimestamp.toEpochMilli(),
                TimestampType.CREATE_TIME, -1, value.length, null, value, new RecordHeaders(), Optional.empty()));
    }

    void advanceWatermark(Instant watermark) {
        task.advanceWatermarkTo(watermark.toEpochMilli());
    }

    void advanceProcessingTime(Duration duration) {
        clock.advance(duration);
        task.onProcessingTime();
    }

    void commit() {
        StoreBatch batch = task.prepareCommit();
        task.completeCommit(batch, -1);
    }

    /** Commits, closes the task and its store, and opens a new task on the same store: a restart. */
    void restart() {
        stop();
        open();
    }

    /** Restarts as {@link #restart()} does, with the processor's new version {@code newDefinition}. */
    void restart(ProcessorDefinition<String, JsonNode, JsonNode> newDefinition) {
        stop();
        definition = newDefinition;
        open();
    }

    /** Commits and closes the task and its store, unless it failed to open and is closed already. */
    private void stop() {
        if (!closed) {
            commit();
            closeTask();
        }
    }

    /** Removes and returns what the task sent since the last call. */
    List<String> drain() {
        List<String> out = new ArrayList<>(sent);
        sent.clear();
        return out;
    }

    long lateRecords() {
        return metrics.recordsLate.sum();
    }

    int timerCount() {
        return task.timerCount();
    }

    /** How many point reads the task made of its store since it last opened. */
    long storeReads() {
        return store.reads();
    }

    /** Commits, then replaces the stored value of every entry of the state named {@code name} by {@code change}'s. */
    void rewriteStored(String name, UnaryOperator<byte[]> change) {
        commit();
        StoreBatch batch = new StoreBatch();
        try (StoreIterator it = task.store().prefixScan(statePrefix(name))) {
            while (it.next()) {
                batch.put(it.key(), change.apply(it.value()));
            }
        }
        task.store().write(batch);
    }

    /** The committed entries of the state named {@code name}, of all keys. */
    int storedEntries(String name) {
        int entries = 0;
        try (StoreIterator it = task.store().prefixScan(statePrefix(name))) {
            while (it.next()) {
                entries++;
            }
        }
        return entries;
    }

    private static byte[] statePrefix(String name) {
        byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
        byte[] prefix = new byte[2 + nameBytes.length];
        prefix[0] = 0x01;
        prefix[1] = (byte) nameBytes.length;
        System.arraycopy(nameBytes, 0, prefix, 2, nameBytes.length);
        return prefix;
    }

    private void closeTask() {
        task.close();
        stores.close();
        closed = true;
    }

    @Override
    public void close() {
        if (!closed) {
            closeTask();
        }
    }
}
