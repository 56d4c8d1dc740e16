package io.tributary.api;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

import io.tributary.internals.runtime.InstanceIds;
import io.tributary.state.RocksDbSettings;
import org.jspecify.annotations.Nullable;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.ProducerFactory;

/**
 * The settings of one runtime instance. Immutable; built with {@link #builder(String)}, validated in
 * {@link Builder#build()} with messages that name the setting and the fix.
 */
public final class TributaryConfig {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,100}");
    private static final String TRANSACTION_TIMEOUT = "transaction.timeout.ms";
    private static final String GROUP_INSTANCE_ID = "group.instance.id";

    /** The shortest transaction timeout {@link #transactionTimeout()} derives: Kafka Streams' exactly-once default. */
    public static final Duration MIN_TRANSACTION_TIMEOUT = Duration.ofSeconds(10);

    private final String applicationId;
    private final String instanceId;
    private final boolean instanceIdKept;
    private final @Nullable URI advertisedUrl;
    private final boolean staticMembership;
    private final boolean leaveGroupOnClose;
    private final Map<String, Object> kafkaProperties;
    private final Path stateDir;
    private final StateBackend stateBackend;
    private final RocksDbSettings rocksDb;
    private final ProcessingGuarantee guarantee;
    private final Duration commitInterval;
    private final int threadsPerProcessor;
    private final int defaultPartitions;
    private final short replicationFactor;
    private final InstantSource clock;
    private final int maxDirtyEntries;
    private final Duration ttlScanInterval;
    private final List<ConsumerFactory.Listener<byte[], byte[]>> consumerListeners;
    private final List<ProducerFactory.Listener<byte[], byte[]>> producerListeners;

    /**
     * The headers that carry a trace context: W3C Trace Context and Baggage, and Zipkin's B3 in single- and
     * multi-header form; {@link Builder#propagatedHeaders} defaults to them.
     */
    public static final Set<String> TRACE_HEADERS = Set.of("traceparent", "tracestate", "baggage", "b3",
            "X-B3-TraceId", "X-B3-SpanId", "X-B3-ParentSpanId", "X-B3-Sampled", "X-B3-Flags");

    private final Set<String> propagatedHeaders;
    private final Map<String, ProcessorOverrides> processorOverrides;

    private TributaryConfig(Builder builder) {
        this.applicationId = builder.applicationId;
        this.instanceId = builder.instanceId != null ? builder.instanceId
                : InstanceIds.kept(builder.stateDir.resolve(builder.applicationId));
        this.instanceIdKept = builder.instanceId == null;
        this.advertisedUrl = builder.advertisedUrl;
        this.staticMembership = builder.staticMembership;
        this.leaveGroupOnClose = builder.leaveGroupOnClose;
        this.kafkaProperties = Map.copyOf(builder.kafkaProperties);
        this.stateDir = builder.stateDir;
        this.stateBackend = builder.stateBackend;
        this.rocksDb = builder.rocksDb;
        this.guarantee = builder.guarantee;
        this.commitInterval = builder.commitInterval;
        this.threadsPerProcessor = builder.threadsPerProcessor;
        this.defaultPartitions = builder.defaultPartitions;
        this.replicationFactor = builder.replicationFactor;
        this.clock = builder.clock;
        this.maxDirtyEntries = builder.maxDirtyEntries;
        this.ttlScanInterval = builder.ttlScanInterval;
        this.consumerListeners = List.copyOf(builder.consumerListeners);
        this.propagatedHeaders = Set.copyOf(builder.propagatedHeaders);
        this.producerListeners = List.copyOf(builder.producerListeners);
        this.processorOverrides = Map.copyOf(builder.processorOverrides);
    }

    /** A copy of {@code base} with one processor's overrides applied. */
    private TributaryConfig(TributaryConfig base, ProcessorOverrides overrides) {
        this.applicationId = base.applicationId;
        this.instanceId = base.instanceId;
        this.instanceIdKept = base.instanceIdKept;
        this.advertisedUrl = base.advertisedUrl;
        this.staticMembership = base.staticMembership;
        this.leaveGroupOnClose = base.leaveGroupOnClose;
        this.kafkaProperties = base.kafkaProperties;
        this.stateDir = base.stateDir;
        this.stateBackend = base.stateBackend;
        this.rocksDb = base.rocksDb;
        this.guarantee = overrides.guarantee() != null ? overrides.guarantee() : base.guarantee;
        this.commitInterval = overrides.commitInterval() != null ? overrides.commitInterval() : base.commitInterval;
        this.threadsPerProcessor = overrides.threads() != null ? overrides.threads() : base.threadsPerProcessor;
        this.defaultPartitions = base.defaultPartitions;
        this.replicationFactor = base.replicationFactor;
        this.clock = base.clock;
        this.maxDirtyEntries = base.maxDirtyEntries;
        this.ttlScanInterval = base.ttlScanInterval;
        this.consumerListeners = base.consumerListeners;
        this.propagatedHeaders = base.propagatedHeaders;
        this.producerListeners = base.producerListeners;
        this.processorOverrides = Map.of();
    }

    /** The overrides of individual processors, by processor name. */
    public Map<String, ProcessorOverrides> processorOverrides() {
        return processorOverrides;
    }

    /** The settings the processor {@code name} runs with: these, with its overrides applied. */
    public TributaryConfig forProcessor(String name) {
        ProcessorOverrides overrides = processorOverrides.get(name);
        return overrides == null ? this : new TributaryConfig(this, overrides);
    }

    /** Starts a configuration for the application {@code applicationId} (consumer groups and internal topics derive from it). */
    public static Builder builder(String applicationId) {
        return new Builder(applicationId);
    }

    public String applicationId() {
        return applicationId;
    }

    /**
     * Stable identity of this instance: part of its transactional ids, so a restarted instance fences its predecessor.
     * When not {@linkplain Builder#instanceId set}, one generated on the first start and kept in the state directory
     * ({@code <state-dir>/<application-id>/.instance-id}), so it is unique to the directory and survives restarts.
     */
    public String instanceId() {
        return instanceId;
    }

    /**
     * Whether a runtime of these settings keeps anything in {@code <state-dir>/<application-id>}: its RocksDB stores,
     * or its generated instance id. Only then does it lock that directory for its lifetime, so that no other instance
     * can use it at the same time.
     */
    public boolean usesStateDir() {
        return stateBackend == StateBackend.ROCKSDB || instanceIdKept;
    }

    /**
     * The URL at which clients reach this instance (e.g. its actuator), told to the other instances of the application
     * through the consumer groups' assignments, so a state query for a key owned elsewhere can name the owner's; or
     * {@code null} when it advertises none.
     */
    public @Nullable URI advertisedUrl() {
        return advertisedUrl;
    }

    /**
     * Whether each consumer joins its group as a static member ({@code group.instance.id}
     * {@code <instance-id>-<processor>-<thread>}), so an instance that restarts within the consumers'
     * {@code session.timeout.ms} gets its partitions back without a rebalance; see {@link Builder#staticMembership}.
     */
    public boolean staticMembership() {
        return staticMembership;
    }

    /**
     * Whether a graceful close takes static members out of their groups at once (their partitions move to the other
     * instances) rather than leaving them in, waiting for this instance's return; dynamic members always leave. See
     * {@link Builder#leaveGroupOnClose}.
     */
    public boolean leaveGroupOnClose() {
        return leaveGroupOnClose;
    }

    /** Kafka client properties (bootstrap servers, security, client overrides) shared by all clients. */
    public Map<String, Object> kafkaProperties() {
        return kafkaProperties;
    }

    public Path stateDir() {
        return stateDir;
    }

    public StateBackend stateBackend() {
        return stateBackend;
    }

    public RocksDbSettings rocksDb() {
        return rocksDb;
    }

    public ProcessingGuarantee guarantee() {
        return guarantee;
    }

    public Duration commitInterval() {
        return commitInterval;
    }

    /**
     * How long the broker lets a transaction of these settings stay open before it aborts it: the producers'
     * {@code transaction.timeout.ms} when the Kafka properties set it, else twice the commit interval and at least
     * {@link #MIN_TRANSACTION_TIMEOUT}. A transaction stays open for about one commit interval plus the time to
     * process and commit the batch in hand, so the derived timeout leaves as much again as headroom; {@link
     * Builder#build()} rejects a set timeout below that. The broker caps it ({@code transaction.max.timeout.ms},
     * 15 minutes by default), so exactly-once commit intervals above 7.5 minutes need that raised too.
     */
    public Duration transactionTimeout() {
        Long configured = configuredTransactionTimeoutMillis();
        if (configured != null) {
            return Duration.ofMillis(configured);
        }
        Duration twice = commitInterval.multipliedBy(2);
        return twice.compareTo(MIN_TRANSACTION_TIMEOUT) > 0 ? twice : MIN_TRANSACTION_TIMEOUT;
    }

    /** The producers' {@code transaction.timeout.ms} the user set (a {@code producer.} one wins), or {@code null}. */
    private @Nullable Long configuredTransactionTimeoutMillis() {
        String key = transactionTimeoutKey();
        if (key == null) {
            return null;
        }
        Object value = kafkaProperties.get(key);
        try {
            long millis = value instanceof Number number ? number.longValue() : Long.parseLong(String.valueOf(value).trim());
            if (millis > 0) {
                return millis;
            }
        }
        catch (NumberFormatException ex) {
            // reported below
        }
        throw new IllegalArgumentException(key + " must be a positive number of milliseconds, got '" + value
                + "'; set it to e.g. 60000, or remove it to let Tributary derive it from the commit interval");
    }

    private @Nullable String transactionTimeoutKey() {
        String prefixed = "producer." + TRANSACTION_TIMEOUT;
        return kafkaProperties.containsKey(prefixed) ? prefixed
                : kafkaProperties.containsKey(TRANSACTION_TIMEOUT) ? TRANSACTION_TIMEOUT : null;
    }

    /**
     * Fails when a transaction could outlive the timeout the user set: the broker would abort it (and fence the
     * producer) before its commit, every interval, and nothing would ever become visible.
     */
    private void checkTransactionTimeout(String intervalProperty) {
        if (guarantee != ProcessingGuarantee.EXACTLY_ONCE || transactionTimeoutKey() == null) {
            return;
        }
        Duration timeout = transactionTimeout();
        if (commitInterval.multipliedBy(2).compareTo(timeout) > 0) {
            String key = transactionTimeoutKey();
            throw new IllegalArgumentException(intervalProperty + " (" + commitInterval + ") must be at most half of the "
                    + "producers' " + key + " (" + timeout.toMillis() + " ms): a transaction stays open for a commit "
                    + "interval plus the time to process and commit a batch, and the broker aborts one open longer than "
                    + "the timeout; lower " + intervalProperty + " to at most " + timeout.dividedBy(2) + ", raise " + key
                    + " (e.g. spring.kafka.properties[producer." + TRANSACTION_TIMEOUT + "]) to at least "
                    + commitInterval.multipliedBy(2).toMillis() + ", or remove " + key
                    + " to let Tributary derive it (twice the commit interval, at least 10 s)");
        }
    }

    public int threadsPerProcessor() {
        return threadsPerProcessor;
    }

    /** Partitions of topics the runtime creates when no source fixes the count. */
    public int defaultPartitions() {
        return defaultPartitions;
    }

    /** Replication factor of created topics; -1 takes the broker's default. */
    public short replicationFactor() {
        return replicationFactor;
    }

    public InstantSource clock() {
        return clock;
    }

    public int maxDirtyEntries() {
        return maxDirtyEntries;
    }

    public Duration ttlScanInterval() {
        return ttlScanInterval;
    }

    /** Input headers copied onto every output emitted while processing that input. */
    public Set<String> propagatedHeaders() {
        return propagatedHeaders;
    }

    /** Told of every Kafka consumer the runtime creates and closes. */
    public List<ConsumerFactory.Listener<byte[], byte[]>> consumerListeners() {
        return consumerListeners;
    }

    /** Told of every Kafka producer the runtime creates and closes. */
    public List<ProducerFactory.Listener<byte[], byte[]>> producerListeners() {
        return producerListeners;
    }

    /** Builds a {@link TributaryConfig}. */
    public static final class Builder {

        private final String applicationId;
        private @Nullable String instanceId;
        private @Nullable URI advertisedUrl;
        private boolean staticMembership;
        private boolean leaveGroupOnClose;
        private final Map<String, Object> kafkaProperties = new LinkedHashMap<>();
        private Path stateDir = Path.of(System.getProperty("java.io.tmpdir"), "tributary");
        private StateBackend stateBackend = StateBackend.ROCKSDB;
        private RocksDbSettings rocksDb = RocksDbSettings.defaults();
        private ProcessingGuarantee guarantee = ProcessingGuarantee.EXACTLY_ONCE;
        private Duration commitInterval = Duration.ofMillis(100);
        private int threadsPerProcessor = 1;
        private int defaultPartitions = 1;
        private short replicationFactor = -1;
        private InstantSource clock = InstantSource.system();
        private int maxDirtyEntries = 100_000;
        private Duration ttlScanInterval = Duration.ofSeconds(30);
        private final List<ConsumerFactory.Listener<byte[], byte[]>> consumerListeners = new ArrayList<>();
        private Set<String> propagatedHeaders = TRACE_HEADERS;
        private final List<ProducerFactory.Listener<byte[], byte[]>> producerListeners = new ArrayList<>();
        private final Map<String, ProcessorOverrides> processorOverrides = new LinkedHashMap<>();

        private Builder(String applicationId) {
            if (applicationId == null || !ID.matcher(applicationId).matches()) {
                throw new IllegalArgumentException("tributary.application-id must be 1-100 characters of [A-Za-z0-9._-], got '"
                        + applicationId + "'; set it to e.g. my-service");
            }
            this.applicationId = applicationId;
        }

        public Builder instanceId(String id) {
            if (id == null || !ID.matcher(id).matches()) {
                throw new IllegalArgumentException("tributary.instance-id must be 1-100 characters of [A-Za-z0-9._-], got '"
                        + id + "'; leave it unset to generate one kept in tributary.state-dir");
            }
            this.instanceId = id;
            return this;
        }

        /** The URL at which clients reach this instance; see {@link TributaryConfig#advertisedUrl()}. */
        public Builder advertisedUrl(String url) {
            URI uri = null;
            try {
                uri = url == null ? null : new URI(url.strip());
            }
            catch (URISyntaxException ex) {
                // reported below
            }
            if (uri == null || uri.getHost() == null
                    || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
                throw new IllegalArgumentException("tributary.advertised-url must be an absolute http or https URL, got '"
                        + url + "'; set it to where clients reach this instance, e.g. http://orders-0.orders:8080");
            }
            this.advertisedUrl = uri;
            return this;
        }

        /**
         * Static group membership (KIP-345), off by default. On, each consumer's {@code group.instance.id} is
         * {@code <instance-id>-<processor>-<thread>}: unique per consumer and the same after a restart, so a crashed
         * or restarting instance that comes back within {@code session.timeout.ms} (45 s by default; set it with
         * {@code consumer.session.timeout.ms}) gets its partitions back, and the other instances carry on, with no
         * rebalance; and a graceful close leaves the members in their groups (see {@link #leaveGroupOnClose}).
         *
         * <p>Off by default because it trades availability for stability: an instance that stops for good (scaled
         * down, crashed and not restarted, or restarted with fewer {@code threads}) holds its partitions, unprocessed,
         * until its session times out, where a dynamic member's graceful close hands them over at once; and it
         * needs an instance id unique among the live instances and stable across restarts (two live instances with
         * one id fence each other's consumers).
         */
        public Builder staticMembership(boolean enabled) {
            this.staticMembership = enabled;
            return this;
        }

        /**
         * Whether a graceful close of static members sends their groups a leave (for a scale-down: the partitions
         * move at once) instead of keeping them in (for a rolling restart: no rebalance when they return within the
         * session timeout). Off by default; no effect without {@link #staticMembership}, whose members a crash never
         * takes out.
         */
        public Builder leaveGroupOnClose(boolean leave) {
            this.leaveGroupOnClose = leave;
            return this;
        }

        public Builder bootstrapServers(String servers) {
            kafkaProperties.put("bootstrap.servers", Objects.requireNonNull(servers, "servers"));
            return this;
        }

        /** Adds Kafka client properties (they override the runtime's defaults, except those exactly-once needs). */
        public Builder kafkaProperties(Map<String, ?> properties) {
            kafkaProperties.putAll(properties);
            return this;
        }

        public Builder stateDir(Path dir) {
            this.stateDir = Objects.requireNonNull(dir, "dir");
            return this;
        }

        public Builder stateBackend(StateBackend backend) {
            this.stateBackend = Objects.requireNonNull(backend, "backend");
            return this;
        }

        public Builder rocksDb(RocksDbSettings settings) {
            this.rocksDb = Objects.requireNonNull(settings, "settings");
            return this;
        }

        public Builder guarantee(ProcessingGuarantee processingGuarantee) {
            this.guarantee = Objects.requireNonNull(processingGuarantee, "processingGuarantee");
            return this;
        }

        public Builder commitInterval(Duration interval) {
            if (interval == null || interval.isNegative() || interval.isZero()) {
                throw new IllegalArgumentException("tributary.commit-interval must be positive, got " + interval
                        + "; set it to e.g. 100ms");
            }
            this.commitInterval = interval;
            return this;
        }

        public Builder threadsPerProcessor(int threads) {
            if (threads < 1) {
                throw new IllegalArgumentException("tributary.threads must be at least 1, got " + threads);
            }
            this.threadsPerProcessor = threads;
            return this;
        }

        public Builder defaultPartitions(int partitions) {
            if (partitions < 1) {
                throw new IllegalArgumentException("tributary.default-partitions must be at least 1, got " + partitions);
            }
            this.defaultPartitions = partitions;
            return this;
        }

        public Builder replicationFactor(short factor) {
            if (factor == 0 || factor < -1) {
                throw new IllegalArgumentException("tributary.replication-factor must be -1 (broker default) or positive, got "
                        + factor);
            }
            this.replicationFactor = factor;
            return this;
        }

        /** The processing-time clock; tests pass a controllable one. */
        public Builder clock(InstantSource source) {
            this.clock = Objects.requireNonNull(source, "source");
            return this;
        }

        /** Dirty state entries per task that trigger a commit before the interval ends. */
        public Builder maxDirtyEntries(int entries) {
            if (entries < 1) {
                throw new IllegalArgumentException("tributary.max-dirty-entries must be positive, got " + entries);
            }
            this.maxDirtyEntries = entries;
            return this;
        }

        /** How often stored state is scanned for expired TTL entries. */
        public Builder ttlScanInterval(Duration interval) {
            if (interval == null || interval.isNegative() || interval.isZero()) {
                throw new IllegalArgumentException("tributary.state-ttl-scan-interval must be positive, got " + interval);
            }
            this.ttlScanInterval = interval;
            return this;
        }

        /**
         * The input headers (names compared ignoring case) copied onto every output, main or side, emitted while
         * that input is processed, so a trace continues through the processor; outputs of timers carry none. Default
         * {@link #TRACE_HEADERS}; empty to copy none.
         */
        public Builder propagatedHeaders(Set<String> headerNames) {
            this.propagatedHeaders = Set.copyOf(Objects.requireNonNull(headerNames, "headerNames"));
            return this;
        }

        /**
         * Adds a listener told, with the client id, of each consumer the runtime creates and closes, as Spring Kafka's
         * consumer factories tell theirs; e.g. {@code MicrometerConsumerListener} binds the clients' metrics.
         */
        public Builder consumerListener(ConsumerFactory.Listener<byte[], byte[]> listener) {
            consumerListeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /** Adds a listener told of each producer the runtime creates and closes, e.g. {@code MicrometerProducerListener}. */
        public Builder producerListener(ProducerFactory.Listener<byte[], byte[]> listener) {
            producerListeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /**
         * Overrides settings of the processor {@code name} ({@code tributary.processors.<name>.*}); the runtime fails
         * to start when no processor has that name.
         */
        public Builder processorOverrides(String name, ProcessorOverrides overrides) {
            Objects.requireNonNull(overrides, "overrides");
            String property = "tributary.processors." + name;
            Integer threads = overrides.threads();
            if (threads != null && threads < 1) {
                throw new IllegalArgumentException(property + ".threads must be at least 1, got " + threads
                        + "; set it to e.g. 1, or remove it to use tributary.threads");
            }
            Duration interval = overrides.commitInterval();
            if (interval != null && (interval.isNegative() || interval.isZero())) {
                throw new IllegalArgumentException(property + ".commit-interval must be positive, got " + interval
                        + "; set it to e.g. 100ms, or remove it to use tributary.commit-interval");
            }
            processorOverrides.put(name, overrides);
            return this;
        }

        /** One {@code group.instance.id} for all consumers would make them fence each other: each needs its own. */
        private void rejectGroupInstanceId() {
            for (String key : List.of(GROUP_INSTANCE_ID, "consumer." + GROUP_INSTANCE_ID)) {
                if (kafkaProperties.containsKey(key)) {
                    throw new IllegalArgumentException(key + " must not be set in the Kafka properties (got '"
                            + kafkaProperties.get(key) + "'): every consumer of every processor thread needs its own, "
                            + "and one value for all would make them fence each other; remove it (e.g. from "
                            + "spring.kafka.properties) and set tributary.static-membership.enabled=true, which gives each "
                            + "consumer <instance-id>-<processor>-<thread>");
                }
            }
        }

        public TributaryConfig build() {
            if (!kafkaProperties.containsKey("bootstrap.servers")) {
                throw new IllegalStateException("no Kafka bootstrap servers configured; set spring.kafka.bootstrap-servers "
                        + "(or bootstrapServers(...) on the builder), e.g. localhost:9092");
            }
            rejectGroupInstanceId();
            TributaryConfig config = new TributaryConfig(this);
            config.checkTransactionTimeout("tributary.commit-interval");
            processorOverrides.forEach((name, overrides) -> config.forProcessor(name).checkTransactionTimeout(
                    overrides.commitInterval() != null ? "tributary.processors." + name + ".commit-interval"
                            : "tributary.commit-interval"));
            return config;
        }
    }
}
