package io.tributary.annotation;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.tributary.api.OutputTag;
import io.tributary.api.RecordMetadata;
import io.tributary.api.TimerContext;
import io.tributary.api.TimerService;
import io.tributary.state.ListState;
import io.tributary.state.ListStateDescriptor;
import io.tributary.state.MapState;
import io.tributary.state.MapStateDescriptor;
import io.tributary.state.TimeDomain;
import io.tributary.state.ValueState;
import io.tributary.state.ValueStateDescriptor;
import org.jspecify.annotations.Nullable;

/**
 * A hand-driven stand-in for the engine's context: records emits, side outputs and timers, and keeps value
 * state in a map per (state, key), so annotated methods can be called without running the engine.
 */
final class RecordingContext implements TimerContext<String, Object> {

    record Emit(String key, Object value, Instant timestamp) {
    }

    record Side(String output, Object value) {
    }

    final List<Emit> emits = new ArrayList<>();
    final List<Side> sideOutputs = new ArrayList<>();
    final List<Instant> eventTimers = new ArrayList<>();
    private final Map<String, Object> values = new HashMap<>();
    int lateRecords;
    int duplicates;
    private String key = "";
    private Instant timestamp = Instant.EPOCH;

    RecordingContext at(String key, Instant timestamp) {
        this.key = key;
        this.timestamp = timestamp;
        return this;
    }

    @Override
    public <T> ValueState<T> state(ValueStateDescriptor<T> descriptor) {
        return new ValueState<>() {
            @Override
            @SuppressWarnings("unchecked")
            public @Nullable T value() {
                return (T) values.get(descriptor.name() + "/" + key);
            }

            @Override
            public void update(@Nullable T value) {
                values.put(descriptor.name() + "/" + key, value);
            }

            @Override
            public void clear() {
                values.remove(descriptor.name() + "/" + key);
            }
        };
    }

    @Override
    public <UK, UV> MapState<UK, UV> state(MapStateDescriptor<UK, UV> descriptor) {
        throw new UnsupportedOperationException("map state is not faked");
    }

    @Override
    public <T> ListState<T> state(ListStateDescriptor<T> descriptor) {
        throw new UnsupportedOperationException("list state is not faked");
    }

    @Override
    public String processorName() {
        return "test";
    }

    @Override
    public int partition() {
        return 0;
    }

    @Override
    public String currentKey() {
        return key;
    }

    @Override
    public Instant timestamp() {
        return timestamp;
    }

    @Override
    public Instant currentWatermark() {
        return Instant.EPOCH;
    }

    @Override
    public Instant currentProcessingTime() {
        return Instant.EPOCH;
    }

    @Override
    public TimerService timerService() {
        return new TimerService() {
            @Override
            public void registerEventTimeTimer(Instant time) {
                eventTimers.add(time);
            }

            @Override
            public void deleteEventTimeTimer(Instant time) {
                eventTimers.remove(time);
            }

            @Override
            public void registerProcessingTimeTimer(Instant time) {
                throw new UnsupportedOperationException("processing-time timers are not faked");
            }

            @Override
            public void deleteProcessingTimeTimer(Instant time) {
                throw new UnsupportedOperationException("processing-time timers are not faked");
            }

            @Override
            public Instant currentWatermark() {
                return Instant.EPOCH;
            }

            @Override
            public Instant currentProcessingTime() {
                return Instant.EPOCH;
            }
        };
    }

    @Override
    public void emit(Object value) {
        emits.add(new Emit(key, value, timestamp));
    }

    @Override
    public void emit(String key, Object value, Instant timestamp) {
        emits.add(new Emit(key, value, timestamp));
    }

    @Override
    public <T> void sideOutput(OutputTag<T> tag, T value) {
        sideOutputs.add(new Side(tag.name(), value));
    }

    @Override
    public void sideOutputInput(OutputTag<?> tag, java.util.Map<String, String> extraHeaders) {
        sideOutputs.add(new Side(tag.name(), extraHeaders));
    }

    @Override
    public void countLateRecord() {
        lateRecords++;
    }

    @Override
    public void countDuplicate() {
        duplicates++;
    }

    @Override
    public RecordMetadata recordMetadata() {
        return RecordMetadata.none();
    }

    @Override
    public TimeDomain timeDomain() {
        return TimeDomain.EVENT_TIME;
    }
}
