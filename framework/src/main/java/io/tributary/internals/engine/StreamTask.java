package io.tributary.internals.engine;

import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.LongUnaryOperator;

import io.tributary.api.KeyedProcessFunction;
import io.tributary.api.ProcessorDefinition;
import io.tributary.internals.state.KeyValueStore;
import io.tributary.internals.state.StoreBatch;
import io.tributary.state.ListStateDescriptor;
import io.tributary.state.MapStateDescriptor;
import io.tributary.state.StateDescriptor;
import io.tributary.state.TimeDomain;
import io.tributary.state.ValueState;
import io.tributary.state.ValueStateDescriptor;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One partition's worth of a processor: reads its input records, runs the function with the record's key
 * in scope, keeps state and timers in a write-back cache over the partition's store, tracks the
 * watermark and fires timers. Knows nothing of Kafka clients: records arrive as {@link ConsumerRecord}s
 * and leave through a {@link RecordSink}, so the test driver runs the very same code.
 *
 * <p>Single-threaded. Commit protocol: {@link #prepareCommit()} drains all dirty state into a batch that
 * the caller sends to the changelog; after the transaction commits, {@link #completeCommit} writes the
 * batch to the store with the changelog offset, so the store never holds uncommitted data.
 *
 * <p>A function may finish records asynchronously ({@link AsyncContext}); as {@link PendingWork} the task tells
 * the runtime whether it takes more input and up to which offset its input may be committed.
 */
public final class StreamTask<K, V, O> implements PendingWork {

    private static final Logger log = LoggerFactory.getLogger(StreamTask.class);
    static final byte EVENT_TIME = 0;
    static final byte PROCESSING_TIME = 1;

    private final ProcessorDefinition<K, V, O> definition;
    private final int partition;
    private final KeyValueStore store;
    private final InstantSource clock;
    private final ProcessorMetrics metrics;
    private final TaskOptions options;
    private final KeyedProcessFunction<K, V, O> function;
    /** The function, when it can process records from a few fields instead of their value's tree. */
    private final @Nullable ScannedFieldsFunction<K, O> fieldsFunction;
    private final RecordExtractor<K, V> extractor;
    private final KeyContext keyContext = new KeyContext();
    private final Function<byte[], Object> keyDecoder;
    private final Map<String, CachedState> states = new LinkedHashMap<>();
    private final List<CachedState> stateList = new ArrayList<>();
    // the marker states by domain, told of each timer pass so their markers expire (ExpiringMarkers)
    private final List<CachedMarkerState> eventMarkers = new ArrayList<>(2);
    private final List<CachedMarkerState> processingMarkers = new ArrayList<>(2);
    private final TimerQueue eventTimers;
    private final TimerQueue processingTimers;
    private final WatermarkTracker watermarks;
    private final TaskContext<K, O> context;
    private final DeadLetters deadLetters;
    private final InFlightRecords inFlight;
    private final List<String> inputs;
    private long lastTtlScan;

    public StreamTask(ProcessorDefinition<K, V, O> definition, int partition, List<String> inputs,
            boolean fromRepartitionTopic, KeyValueStore store, RecordSink sink, InstantSource clock,
            ProcessorMetrics metrics, TaskOptions options) {
        this.definition = definition;
        this.partition = partition;
        this.store = store;
        this.clock = clock;
        this.metrics = metrics;
        this.options = options;
        this.function = definition.newFunction();
        this.keyDecoder = definition.keySerde()::deserialize;
        this.eventTimers = new TimerQueue(EVENT_TIME, keyDecoder);
        this.processingTimers = new TimerQueue(PROCESSING_TIME, keyDecoder);
        this.fieldsFunction = scannedFieldsOf(function);
        this.extractor = new RecordExtractor<>(definition, fromRepartitionTopic,
                fieldsFunction == null ? null : fieldsFunction.scannedFields(),
                fieldsFunction != null && fieldsFunction.readsDecimals());
        this.watermarks = new WatermarkTracker(inputs, definition.watermarkStrategy());
        this.deadLetters = new DeadLetters(definition.deadLetterTopic(), definition.name(), sink, metrics);
        this.inFlight = new InFlightRecords(metrics);
        this.inputs = List.copyOf(inputs);
        this.context = new TaskContext<>(this, definition, sink, keyContext, metrics, options.propagatedHeaders());
    }

    @SuppressWarnings("unchecked")
    private static <K, O> @Nullable ScannedFieldsFunction<K, O> scannedFieldsOf(KeyedProcessFunction<K, ?, O> function) {
        return function instanceof ScannedFieldsFunction<?, ?> fields && fields.scannedFields() != null
                ? (ScannedFieldsFunction<K, O>) fields : null;
    }

    /** Loads timers and watermarks from the (restored) store and opens the function. */
    public void open() {
        long now = clock.millis();
        eventTimers.load(store);
        processingTimers.load(store);
        watermarks.load(store, now);
        inFlight.load(store, inputs);
        lastTtlScan = now;
        context.enterOpen();
        try {
            function.open(context);
        }
        catch (Exception ex) {
            throw new IllegalStateException("processor '" + definition.name() + "' failed to open for partition "
                    + partition + ": " + ex.getMessage(), ex);
        }
    }

    /** Processes one input record: dead-letters it if unreadable, else runs the function and fires due timers. */
    public void process(ConsumerRecord<byte[], byte[]> record) {
        if (inFlight.async() && !inFlight.give(record)) {
            // finished and committed before a restart, above the committed offset (see InFlightRecords)
            return;
        }
        metrics.recordsIn.increment();
        if (!extractor.extract(record)) {
            deadLetters.send(record, extractor.failure, extractor.failureDetail, extractor.failureCause);
            return;
        }
        K key = extractor.key;
        if (key != null) {
            keyContext.set(key, extractor.keyBytes, extractor.keyBytesEncodeKey());
        }
        else {
            // read from the value's bytes: decoded only if the function asks for it
            keyContext.setBytes(extractor.keyBytes, keyDecoder, extractor.keyBytesEncodeKey());
        }
        context.enterRecord(extractor.timestamp, record);
        try {
            if (extractor.scanned && fieldsFunction != null) {
                fieldsFunction.processFields(extractor.fields(), context);
            }
            else {
                function.processElement(extractor.value, context);
            }
        }
        catch (Exception ex) {
            log.debug("Processor '{}' failed on {}-{}@{}", definition.name(), record.topic(), record.partition(),
                    record.offset(), ex);
            deadLetters.send(record, DeadLetterReason.PROCESSING_ERROR,
                    ex.getClass().getSimpleName() + ": " + ex.getMessage(), ex);
            HeldRecord held = context.heldInCall();
            if (held != null) {
                inFlight.release(held);
            }
        }
        if (watermarks.onRecord(watermarks.inputIndex(record.topic()), extractor.timestamp, clock.millis())) {
            fireEventTimers();
        }
    }

    /**
     * Fires processing-time timers due by now, lets idle inputs stop holding the watermark back, and
     * evicts expired state when a scan is due. Returns whether anything changed that needs committing.
     */
    public boolean onProcessingTime() {
        long now = clock.millis();
        boolean changed = false;
        if (watermarks.onProcessingTime(now)) {
            fireEventTimers();
            changed = true;
        }
        for (CachedMarkerState markers : processingMarkers) {
            markers.expireThrough(now);
        }
        Timer timer;
        while ((timer = processingTimers.pollDue(now)) != null) {
            fire(timer, TimeDomain.PROCESSING_TIME);
            changed = true;
        }
        if (now - lastTtlScan >= options.ttlScanInterval().toMillis()) {
            lastTtlScan = now;
            changed |= evictExpiredState() > 0;
        }
        return changed;
    }

    /** Moves the watermark to {@code watermark} (never back) and fires event-time timers due by it. */
    public void advanceWatermarkTo(long watermark) {
        if (watermarks.advanceTo(watermark)) {
            fireEventTimers();
        }
    }

    private void fireEventTimers() {
        long watermark = watermarks.watermark();
        for (CachedMarkerState markers : eventMarkers) {
            markers.expireThrough(watermark);
        }
        Timer timer;
        while ((timer = eventTimers.pollDue(watermark)) != null) {
            fire(timer, TimeDomain.EVENT_TIME);
        }
    }

    private void fire(Timer timer, TimeDomain domain) {
        keyContext.set(timer.key, timer.keyBytes);
        context.enterTimer(timer.time, domain);
        metrics.timersFired.increment();
        try {
            function.onTimer(context);
        }
        catch (Exception ex) {
            throw new IllegalStateException("processor '" + definition.name() + "' failed in onTimer for key "
                    + keyContext.key() + " at " + timer.time + ": " + ex.getMessage(), ex);
        }
    }

    /** Deletes expired TTL state from the store (through the cache, so tombstones reach the changelog). */
    public int evictExpiredState() {
        int evicted = 0;
        for (CachedState state : stateList) {
            evicted += state.evictExpired();
        }
        metrics.stateEntriesExpired.add(evicted);
        return evicted;
    }

    /** Whether enough dirty entries piled up that the runtime should commit before the interval ends. */
    public boolean wantsEarlyCommit() {
        int dirty = eventTimers.dirtyCount() + processingTimers.dirtyCount();
        for (CachedState state : stateList) {
            dirty += state.dirtyCount();
        }
        return dirty >= options.maxDirtyEntries();
    }

    /** Drains every change since the last commit into a batch; its entries are the changelog records. */
    public StoreBatch prepareCommit() {
        int dirty = eventTimers.dirtyCount() + processingTimers.dirtyCount();
        for (CachedState state : stateList) {
            dirty += state.dirtyCount();
        }
        // room for the watermarks, the in-flight records and the changelog offset added at completion
        StoreBatch batch = new StoreBatch(dirty + inputs.size() + 8);
        for (CachedState state : stateList) {
            state.flushTo(batch);
        }
        eventTimers.flushTo(batch);
        processingTimers.flushTo(batch);
        watermarks.flushTo(batch);
        if (inFlight.async()) {
            inFlight.flushTo(batch);
        }
        return batch;
    }

    /**
     * Writes a committed batch to the store together with the changelog offset it reaches, then trims the
     * cache. {@code changelogOffset} is negative when nothing was logged.
     */
    public void completeCommit(StoreBatch batch, long changelogOffset) {
        if (changelogOffset >= 0) {
            batch.put(StoreKeys.CHANGELOG_OFFSET_KEY, StoreKeys.longBytes(changelogOffset));
        }
        if (!batch.isEmpty()) {
            store.write(batch);
        }
        int cached = 0;
        for (CachedState state : stateList) {
            state.committed();
            cached += state.cachedCount();
        }
        if (cached > options.maxCachedEntries()) {
            stateList.forEach(CachedState::evictClean);
        }
    }

    /**
     * Closes the store; uncommitted changes are dropped (they were never written to it), and so are records in
     * flight (their offsets were not committed, so they are read again).
     */
    public void close() {
        inFlight.close();
        store.close();
    }

    // -- PendingWork

    @Override
    public boolean acceptsInput() {
        return inFlight.hasCapacity();
    }

    @Override
    public int inFlight() {
        return inFlight.size();
    }

    /**
     * Whether the task finishes records asynchronously and declares no state (an enrichment): nothing it reads
     * comes from its store, so it may keep working while a commit has yet to write its batch to the store.
     */
    public boolean asyncWithoutState() {
        return inFlight.async() && stateList.isEmpty();
    }

    @Override
    public boolean runCompletions() {
        return inFlight.runDelivered();
    }

    @Override
    public long committableOffset(String topic, long nextOffset) {
        return inFlight.committableOffset(topic, nextOffset);
    }

    @Override
    public void onCompletionReady(Runnable wakeup) {
        inFlight.onDelivery(wakeup);
    }

    InFlightRecords inFlightRecords() {
        return inFlight;
    }

    DeadLetters deadLetters() {
        return deadLetters;
    }

    public int partition() {
        return partition;
    }

    public long watermark() {
        return watermarks.watermark();
    }

    /** The next processing-time timer, or {@link Long#MAX_VALUE}. */
    public long nextProcessingTimer() {
        return processingTimers.nextTime();
    }

    public int timerCount() {
        return eventTimers.size() + processingTimers.size();
    }

    public KeyValueStore store() {
        return store;
    }


    InstantSource clock() {
        return clock;
    }

    TimerQueue timers(TimeDomain domain) {
        return domain == TimeDomain.EVENT_TIME ? eventTimers : processingTimers;
    }

    /** See {@link ExpiringMarkers#markerState}. */
    MarkerState markerState(ValueStateDescriptor<Long> descriptor, TimeDomain domain, LongUnaryOperator timeOf,
            java.time.Duration lifetime) {
        if (states.containsKey(descriptor.name())) {
            throw new IllegalStateException("state '" + descriptor.name() + "' of processor '" + definition.name()
                    + "' is already declared; declare a marker state before any other use of its name");
        }
        if (descriptor.ttl() != null) {
            throw new IllegalArgumentException("marker state '" + descriptor.name() + "' of processor '"
                    + definition.name() + "' has a TTL, got " + descriptor.ttl() + "; its function clears its markers");
        }
        CachedMarkerState markers = new CachedMarkerState(descriptor.name(), descriptor.serde(), timeOf,
                MarkerBuckets.widthFor(lifetime.toMillis()), CachedMarkerState.CHUNK_BYTES, domain, keyContext, context,
                store);
        states.put(descriptor.name(), markers);
        stateList.add(markers);
        markers.loadAll((keyBytes, value) -> { });
        (domain == TimeDomain.EVENT_TIME ? eventMarkers : processingMarkers).add(markers);
        return markers;
    }

    /** Reads the committed-or-cached value of a state for {@code key}, for the test driver and state queries. */
    @SuppressWarnings("unchecked")
    public <T> T peekValue(ValueStateDescriptor<T> descriptor, K key) {
        keyContext.set(key, definition.keySerde().serialize(key));
        return ((ValueState<T>) state(descriptor)).value();
    }

    /**
     * The committed state of the key serialized as {@code keyBytes}: each declared state that holds a live value for
     * it, by state name, in declaration order (empty when none does). Reads the store only, so it sees the state as of
     * the last commit, and leaves the cache alone; the caller must keep the task's own thread out meanwhile.
     */
    public Map<String, Object> readCommitted(byte[] keyBytes) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (CachedState state : stateList) {
            Object value = state.readCommitted(keyBytes);
            if (value != null) {
                values.put(state.name(), value);
            }
        }
        return values;
    }

    @SuppressWarnings("unchecked")
    <S extends CachedState> S state(StateDescriptor descriptor) {
        CachedState existing = states.get(descriptor.name());
        if (existing != null) {
            if (!matches(existing, descriptor)) {
                throw new IllegalArgumentException("state '" + descriptor.name() + "' of processor '"
                        + definition.name() + "' is already declared as another kind; use a different name");
            }
            return (S) existing;
        }
        CachedState created = create(descriptor);
        states.put(descriptor.name(), created);
        stateList.add(created);
        return (S) created;
    }

    private static boolean matches(CachedState state, StateDescriptor descriptor) {
        if (descriptor instanceof ValueStateDescriptor<?>) {
            return state instanceof CachedValueState<?> || state instanceof CachedMarkerState;
        }
        if (descriptor instanceof MapStateDescriptor<?, ?>) {
            return state instanceof CachedMapState<?, ?>;
        }
        return state instanceof CachedListState<?>;
    }

    private CachedState create(StateDescriptor descriptor) {
        TtlPolicy ttl = TtlPolicy.of(descriptor.ttl());
        if (descriptor instanceof ValueStateDescriptor<?> value) {
            return new CachedValueState<>(value.name(), value.serde(), keyContext, context, ttl, store);
        }
        if (descriptor instanceof MapStateDescriptor<?, ?> map) {
            return new CachedMapState<>(map.name(), map.keySerde(), map.valueSerde(), keyContext, context, ttl, store);
        }
        ListStateDescriptor<?> list = (ListStateDescriptor<?>) descriptor;
        return new CachedListState<>(list.name(), list.elementSerde(), keyContext, context, ttl, store);
    }
}
