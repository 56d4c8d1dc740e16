package io.tributary.api;

import io.tributary.state.ListState;
import io.tributary.state.ListStateDescriptor;
import io.tributary.state.MapState;
import io.tributary.state.MapStateDescriptor;
import io.tributary.state.ValueState;
import io.tributary.state.ValueStateDescriptor;

/**
 * Gives a function its state handles. Each handle reads and writes the entry of whatever key is being
 * processed when it is used, so handles are obtained once and kept in fields.
 */
public interface OpenContext {

    <T> ValueState<T> state(ValueStateDescriptor<T> descriptor);

    <UK, UV> MapState<UK, UV> state(MapStateDescriptor<UK, UV> descriptor);

    <T> ListState<T> state(ListStateDescriptor<T> descriptor);

    /** The processor's name. */
    String processorName();

    /** The partition this task processes. */
    int partition();
}
