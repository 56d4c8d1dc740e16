package io.tributary.internals.window;

import java.util.List;

import io.tributary.api.KeyedProcessFunction;
import io.tributary.api.OpenContext;
import io.tributary.api.ProcessContext;
import io.tributary.api.TimerContext;
import io.tributary.internals.engine.ScannedFields;
import io.tributary.internals.engine.ScannedFieldsFunction;
import io.tributary.internals.engine.StoredStates;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The window operator for tumbling and sliding windows (tumbling being sliding with slide = size), which chooses at
 * open how its task keeps windows: by panes ({@link PanedWindowOperator}) where the configuration allows it
 * ({@link PanedWindowOperator#whyNotPanes}) and the store holds no per-window state, else one accumulator per window
 * ({@link AlignedWindowOperator}). It exists so that one place reads what the store holds before either layout
 * touches it: a store written per window keeps its task per window (panes would lose its open windows) until that
 * state drains, and a store holding panes that the configuration can no longer use fails the open, as the per-window
 * path would find none of their windows, never emit them and never delete the panes.
 *
 * <p>Threading and contract are a {@link KeyedProcessFunction}'s; every call after {@code open} goes to the chosen
 * operator.
 */
final class SlidingWindowOperator<ACC>
        implements KeyedProcessFunction<String, JsonNode, JsonNode>, ScannedFieldsFunction<String, JsonNode> {

    private final WindowOperatorSpec<ACC> spec;
    private final long size;
    private final long slide;
    private final long offset;
    /** The fields either layout reads, when they are only top-level ones: asked before the task opens. */
    private final @Nullable WindowInputFields inputFields;
    private @Nullable WindowOperator<ACC> chosen;

    SlidingWindowOperator(WindowOperatorSpec<ACC> spec, long size, long slide, long offset) {
        this.spec = spec;
        this.size = size;
        this.slide = slide;
        this.offset = offset;
        this.inputFields = WindowInputFields.of(spec.keyPaths(), spec.function());
    }

    @Override
    public void open(OpenContext context) {
        WindowOperator<ACC> operator = choose(context);
        operator.open(context);
        chosen = operator;
    }

    private WindowOperator<ACC> choose(OpenContext context) {
        StoredStates stored = context instanceof StoredStates states ? states : null;
        String whyNot = PanedWindowOperator.whyNotPanes(spec, size, slide);
        if (whyNot != null) {
            if (stored != null && stored.hasStoredEntries(PanedWindowOperator.PANES_STATE)) {
                throw new IllegalStateException("window processor '" + context.processorName()
                        + "' has sliding-window panes in its state, written by a configuration that kept windows by"
                        + " panes, but it now keeps one accumulator per window (" + whyNot + "), which would never"
                        + " emit or delete the windows of those panes; deploy the previous configuration until its"
                        + " windows have fired and been cleaned up (until the watermark has passed the last window's"
                        + " end plus the allowed lateness), or reset the processor's state (stop every instance,"
                        + " delete its changelog topic <application-id>-" + context.processorName()
                        + "-changelog and its directory <tributary.state-dir>/<application-id>/"
                        + context.processorName() + " on every instance)");
            }
            return new AlignedWindowOperator<>(spec, size, slide, offset);
        }
        // a store that cannot be asked may hold per-window state: only the per-window layout is safe then
        if (stored == null || stored.hasStoredEntries(WindowOperator.WINDOWS_STATE)) {
            return new AlignedWindowOperator<>(spec, size, slide, offset);
        }
        return new PanedWindowOperator<>(spec, size, slide, offset);
    }

    /** The operator chosen at open. */
    WindowOperator<ACC> chosen() {
        WindowOperator<ACC> operator = chosen;
        if (operator == null) {
            throw new IllegalStateException("window operator used before open");
        }
        return operator;
    }

    @Override
    public void processElement(JsonNode value, ProcessContext<String, JsonNode> context) {
        chosen().processElement(value, context);
    }

    @Override
    public void onTimer(TimerContext<String, JsonNode> context) {
        chosen().onTimer(context);
    }

    @Override
    public @Nullable List<String> scannedFields() {
        return inputFields == null ? null : inputFields.names();
    }

    @Override
    public boolean readsDecimals() {
        return true;
    }

    @Override
    public void processFields(ScannedFields fields, ProcessContext<String, JsonNode> context) {
        chosen().processFields(fields, context);
    }
}
