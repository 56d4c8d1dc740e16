package io.tributary.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.Map;

import io.tributary.api.ProcessingGuarantee;
import io.tributary.api.StateBackend;
import io.tributary.api.TributaryConfig;
import io.tributary.state.RocksDbSettings;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Configuration properties of the Tributary runtime, bound from {@code tributary.*}.
 *
 * <p>A mutable binding target, as Spring Boot's own {@code *Properties} are; values are validated when
 * {@link TributaryAutoConfiguration} turns them into an immutable {@link io.tributary.api.TributaryConfig}, so a
 * bad value fails start-up with a message naming the property.
 */
@ConfigurationProperties("tributary")
public class TributaryProperties {

    /** Application id: names consumer groups, transactional ids and internal topics; defaults to spring.application.name, else "tributary". */
    private @Nullable String applicationId;

    /**
     * Id of this instance among those of the application, unique and the same across its restarts (its transactional
     * ids derive from it); defaults to one generated on the first start and kept in the state directory.
     */
    private @Nullable String instanceId;

    /**
     * URL at which clients reach this instance, e.g. http://orders-0.orders:8080, told to the other instances so a
     * state query for a key owned elsewhere answers with the owner's; unset advertises none.
     */
    private @Nullable String advertisedUrl;

    /** Static consumer-group membership, for restarts without rebalances. */
    private final StaticMembership staticMembership = new StaticMembership();

    /** Directory under which the local state stores live. */
    private Path stateDir = Path.of(System.getProperty("java.io.tmpdir"), "tributary");

    /** Where keyed state is kept: on local disk in RocksDB, or on the heap. */
    private StateBackend stateBackend = StateBackend.ROCKSDB;

    /**
     * How often offsets, state and outputs are committed together. Under exactly-once the producers' transaction
     * timeout is twice this (at least 10s) unless spring.kafka.properties[producer.transaction.timeout.ms] sets it, which
     * must then be at least twice this.
     */
    private Duration commitInterval = Duration.ofMillis(100);

    /** Delivery guarantee of the processors' outputs. */
    private ProcessingGuarantee processingGuarantee = ProcessingGuarantee.EXACTLY_ONCE;

    /** Processing threads per processor on this instance. */
    private int threads = 1;

    /** Partitions of the topics Tributary creates when no source topic fixes the count. */
    private int defaultPartitions = 1;

    /** Tuning of the RocksDB state backend. */
    private final Rocksdb rocksdb = new Rocksdb();

    /**
     * Per-processor overrides of the instance-wide settings, by processor name; a name no processor has fails
     * start-up.
     */
    private Map<String, Processor> processors = new LinkedHashMap<>();

    /**
     * Input headers copied onto the outputs emitted while processing that input, so traces continue through the
     * processors; defaults to the W3C Trace Context, Baggage and B3 headers. Set it empty to copy none.
     */
    private Set<String> propagatedHeaders = new LinkedHashSet<>(new TreeSet<>(TributaryConfig.TRACE_HEADERS));

    public @Nullable String getApplicationId() {
        return applicationId;
    }

    public void setApplicationId(@Nullable String applicationId) {
        this.applicationId = applicationId;
    }

    public @Nullable String getInstanceId() {
        return instanceId;
    }

    public void setInstanceId(@Nullable String instanceId) {
        this.instanceId = instanceId;
    }

    public @Nullable String getAdvertisedUrl() {
        return advertisedUrl;
    }

    public void setAdvertisedUrl(@Nullable String advertisedUrl) {
        this.advertisedUrl = advertisedUrl;
    }

    public StaticMembership getStaticMembership() {
        return staticMembership;
    }

    public Path getStateDir() {
        return stateDir;
    }

    public void setStateDir(Path stateDir) {
        this.stateDir = stateDir;
    }

    public StateBackend getStateBackend() {
        return stateBackend;
    }

    public void setStateBackend(StateBackend stateBackend) {
        this.stateBackend = stateBackend;
    }

    public Duration getCommitInterval() {
        return commitInterval;
    }

    public void setCommitInterval(Duration commitInterval) {
        this.commitInterval = commitInterval;
    }

    public ProcessingGuarantee getProcessingGuarantee() {
        return processingGuarantee;
    }

    public void setProcessingGuarantee(ProcessingGuarantee processingGuarantee) {
        this.processingGuarantee = processingGuarantee;
    }

    public int getThreads() {
        return threads;
    }

    public void setThreads(int threads) {
        this.threads = threads;
    }

    public int getDefaultPartitions() {
        return defaultPartitions;
    }

    public void setDefaultPartitions(int defaultPartitions) {
        this.defaultPartitions = defaultPartitions;
    }

    public Map<String, Processor> getProcessors() {
        return processors;
    }

    public void setProcessors(Map<String, Processor> processors) {
        this.processors = processors;
    }

    public Rocksdb getRocksdb() {
        return rocksdb;
    }

    public Set<String> getPropagatedHeaders() {
        return propagatedHeaders;
    }

    public void setPropagatedHeaders(Set<String> propagatedHeaders) {
        this.propagatedHeaders = propagatedHeaders;
    }

    /**
     * Static consumer-group membership (Kafka's group.instance.id). Off by default: with it, an instance that stops
     * for good (scaled down, not restarted, or restarted with fewer threads) holds its partitions, unprocessed, until
     * its consumers' session timeout passes, and the instance id must be unique among live instances and stable.
     */
    public static class StaticMembership {

        /**
         * Whether each consumer is a static member with group.instance.id <instance-id>-<processor>-<thread>, so an
         * instance back within the session timeout (spring.kafka.properties[consumer.session.timeout.ms], 45s by
         * default) gets its partitions again without a rebalance of the others. Off by default: an instance that stops
         * for good holds its partitions, unprocessed, until that timeout passes.
         */
        private boolean enabled;

        /**
         * Whether a graceful shutdown takes the static members out of their groups, so their partitions move at once
         * (scale-down), rather than keeping them in for a restart within the session timeout (rolling restart).
         */
        private boolean leaveGroupOnClose;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public boolean isLeaveGroupOnClose() {
            return leaveGroupOnClose;
        }

        public void setLeaveGroupOnClose(boolean leaveGroupOnClose) {
            this.leaveGroupOnClose = leaveGroupOnClose;
        }
    }

    /** Settings of the RocksDB state backend, shared by every store of the instance. */
    public static class Rocksdb {

        /** Off-heap memory for the block cache and memtables of all stores of this instance. */
        private DataSize memoryBudget = DataSize.ofBytes(RocksDbSettings.DEFAULT_MEMORY_BUDGET);

        /** Further RocksDB options by their RocksDB names, e.g. max_write_buffer_number=3. */
        private Map<String, String> options = new LinkedHashMap<>();

        public DataSize getMemoryBudget() {
            return memoryBudget;
        }

        public void setMemoryBudget(DataSize memoryBudget) {
            this.memoryBudget = memoryBudget;
        }

        public Map<String, String> getOptions() {
            return options;
        }

        public void setOptions(Map<String, String> options) {
            this.options = options;
        }
    }

    /** Settings of one processor that replace the instance-wide ones; unset ones keep them. */
    public static class Processor {

        /** Whether the processor runs on this instance. */
        private boolean enabled = true;

        /** Processing threads of this processor; defaults to tributary.threads. */
        private @Nullable Integer threads;

        /** How often this processor commits; defaults to tributary.commit-interval. */
        private @Nullable Duration commitInterval;

        /** Delivery guarantee of this processor; defaults to tributary.processing-guarantee. */
        private @Nullable ProcessingGuarantee processingGuarantee;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public @Nullable Integer getThreads() {
            return threads;
        }

        public void setThreads(@Nullable Integer threads) {
            this.threads = threads;
        }

        public @Nullable Duration getCommitInterval() {
            return commitInterval;
        }

        public void setCommitInterval(@Nullable Duration commitInterval) {
            this.commitInterval = commitInterval;
        }

        public @Nullable ProcessingGuarantee getProcessingGuarantee() {
            return processingGuarantee;
        }

        public void setProcessingGuarantee(@Nullable ProcessingGuarantee processingGuarantee) {
            this.processingGuarantee = processingGuarantee;
        }
    }
}
