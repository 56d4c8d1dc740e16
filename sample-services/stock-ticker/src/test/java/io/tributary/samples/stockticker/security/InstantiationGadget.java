package io.tributary.samples.stockticker.security;

/**
 * A class an attacker names in a JSON type hint ({@code "@class"}, or a {@code [className, value]} wrapper). Loading
 * it into use (static initialisation), constructing it or calling its setter flips {@link GadgetTrace#TOUCHED}: a
 * deserializer that honoured the hint would do one or more of these. The flag lives elsewhere so that reading it does
 * not initialise this class.
 */
public class InstantiationGadget {

    static {
        GadgetTrace.TOUCHED.set(true);
    }

    public InstantiationGadget() {
        GadgetTrace.TOUCHED.set(true);
    }

    public void setSymbol(String symbol) {
        GadgetTrace.TOUCHED.set(true);
    }
}
