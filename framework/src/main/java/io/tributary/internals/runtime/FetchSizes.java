package io.tributary.internals.runtime;

import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.OptionalInt;

import com.sun.management.HotSpotDiagnosticMXBean;
import org.apache.kafka.clients.consumer.ConsumerConfig;

/**
 * Fetch sizes that keep every fetch response an ordinary young object under G1, for processors that ask for small
 * fetches ({@link io.tributary.api.ProcessorDefinition.Builder#smallFetches()}).
 *
 * <p>Kafka's consumer reads each fetch response into one array. G1 allocates an array of half a region or more as
 * humongous: in old regions of its own, outside the young generation it sizes, and such an allocation may start a
 * marking cycle. A consumer that is behind reads responses of up to 1 MiB per partition, several MiB each: at
 * benchmark speed a deduplication's GC log showed six or seven 4 MiB responses between two young collections, and
 * the marking cycles they started resized its heap differently from run to run. Capped under half a region,
 * responses are allocated in the young generation like any short-lived object, as long as the topic's record
 * batches are smaller than the cap: a broker returns the first batch whole, whatever the limits.
 */
final class FetchSizes {

    /** Room left under half a region for the response's headers beyond the record data the limits bound. */
    static final int HEADER_ROOM = 64 * 1024;

    private FetchSizes() {
    }

    /** {@link #underHalfRegion()}, read once: a JVM's collector and region size do not change while it runs. */
    static OptionalInt forThisJvm() {
        return ThisJvm.CAP;
    }

    /**
     * The cap for this JVM: under half its G1 region size, or empty when it does not run G1 or does not say (a JVM
     * without HotSpot's diagnostic bean, or without the {@code jdk.management} module): a missing optimisation must
     * not stop a processor from starting.
     */
    static OptionalInt underHalfRegion() {
        try {
            HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            if (vm == null) {
                return OptionalInt.empty();
            }
            boolean g1 = Boolean.parseBoolean(vm.getVMOption("UseG1GC").getValue());
            return underHalfRegion(g1, g1 ? Long.parseLong(vm.getVMOption("G1HeapRegionSize").getValue()) : 0);
        } catch (RuntimeException | LinkageError unknown) {
            return OptionalInt.empty();
        }
    }

    /** The cap under a region of {@code regionBytes}, when {@code g1}. */
    static OptionalInt underHalfRegion(boolean g1, long regionBytes) {
        if (!g1 || regionBytes / 2 <= HEADER_ROOM) {
            return OptionalInt.empty();
        }
        return OptionalInt.of((int) Math.min(Integer.MAX_VALUE, regionBytes / 2 - HEADER_ROOM));
    }

    /** Holds the cap of this JVM, read when first asked for. */
    private static final class ThisJvm {
        static final OptionalInt CAP = underHalfRegion();
    }

    /** Sets both fetch limits in {@code props} to at most {@code bytes}, keeping Kafka's defaults where lower. */
    static void cap(Map<String, Object> props, int bytes) {
        props.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, Math.min(bytes, ConsumerConfig.DEFAULT_FETCH_MAX_BYTES));
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG,
                Math.min(bytes, ConsumerConfig.DEFAULT_MAX_PARTITION_FETCH_BYTES));
    }
}
