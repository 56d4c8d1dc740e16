package io.tributary.internals.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongUnaryOperator;

import io.tributary.internals.state.KeyValueStore;
import io.tributary.internals.state.StoreBatch;
import io.tributary.internals.state.StoreIterator;
import io.tributary.serde.Serde;
import io.tributary.state.TimeDomain;
import io.tributary.state.ValueState;
import org.jspecify.annotations.Nullable;

/**
 * A {@link ValueState} of one {@code long} per key that the task holds in full, loaded from the store when it opens
 * and never evicted, in a {@link MarkerTable}: a key it lacks is absent with no store read. Each marker expires by
 * itself ({@link ExpiringMarkers}).
 *
 * <p>Exists for keep-first deduplication's markers, one per key of the scope: held this way a marker costs its key's
 * bytes in a slab ({@link KeySlabs}) and some 17 bytes of table, no object of its own, where a cache entry of boxed
 * key, value and map node cost some 200 and as many cache misses. No TTL: markers expire as described below.
 *
 * <p>A marker whose time ({@code expiryOf(value)}) is at or before the time of its domain's last timer pass ({@link
 * #expireThrough}) reads as absent, exactly when an event-time timer at that time would have fired and cleared it: a
 * marker set at or behind that time (a late record's) lives until the next pass, as such a timer fires then. This
 * replaced a timer per marker, whose firing and clearing took a sixth of deduplication's work: an expired marker is
 * dropped from the table by a sweep once a whole bucket of expiry times has passed, and its stored entries go with
 * the bucket's tombstones. The pass time is logged with each commit, so a loaded marker it covers is left out. The
 * few markers set behind it are logged per key rather than packed, which is how a restart tells them from expired
 * ones: they live until the first pass after it.
 *
 * <p>Logged packed ({@link PackedMarkers}): a commit writes each bucket of expiry times it changed ({@link
 * MarkerBuckets}) as one entry listing its markers put and deleted, and when a bucket's last marker goes, tombstones
 * its entries. So a commit costs a few changelog records rather than one per key remembered and one per key
 * forgotten, and the markers of a bucket that expires whole cost no record to forget. A key leaving a bucket that
 * keeps others is written as a delete in that bucket's entry of the commit, so each key is live in at most one bucket
 * and loading replays the entries in commit order, a commit's deletes before its puts. Per-key entries, which a
 * {@code ValueState} of the same serde wrote (as this state did before it packed), are loaded too and each moves
 * into a packed entry at its key's next change.
 */
final class CachedMarkerState extends CachedState implements MarkerState {

    private static final int HAS_VALUE = 1;
    private static final int DIRTY = 2;
    // the key has a committed value
    private static final int STORED = 4;
    // ... in a per-key entry, to delete when the key changes
    private static final int LEGACY = 8;
    // ... in a packed entry of another bucket than its expiry's (the expiry function changed), to rewrite
    private static final int MISPLACED = 16;
    // set at or behind the last pass's time: lives until the next pass, logged per key (LEGACY) once committed
    private static final int BEHIND = 32;
    /** Packed entries are cut at about this size, far below the broker's default 1 MB limit on a record. */
    static final int CHUNK_BYTES = 256 * 1024;

    private final Serde<Long> serde;
    private final LongUnaryOperator expiryOf;
    private final MarkerBuckets buckets;
    private final MarkerTable table = new MarkerTable();
    // the table's handles of the dirty entries' keys, their hashes (slots move as the table changes) and committed
    // values; handles stay valid until the table compacts, at the end of a flush
    private long[] dirty = new long[16];
    private int[] dirtyHashes = new int[16];
    private long[] dirtyCommitted = new long[16];
    private int dirtyCount;
    // the bucket whose entries hold each misplaced key's committed value, by the key's handle in the table
    private final Map<Long, Long> misplaced = new HashMap<>();
    // buckets loaded with entries but no live key, deleted at the next flush
    private long[] emptyOnLoad = new long[0];
    // the packed entries of the flush under way, emptied after each; kept, with the buffer it grew, for the next
    private final PackedMarkers.Writer writer;
    private final byte[] expiryKey;
    // the time of the last timer pass in the markers' domain: markers of that time or earlier have expired, except
    // those set behind it since; and its value at the last flush, which the store holds
    private long expiredThrough = Long.MIN_VALUE;
    private long flushedThrough = Long.MIN_VALUE;
    // the buckets wholly at or before expiredThrough when the table was last swept of expired markers
    private long sweptBuckets = Long.MIN_VALUE;
    // a sweep's buckets and how many markers it removed from each
    private long[] sweepBuckets = new long[8];
    private int[] sweepCounts = new int[8];
    // the keys of the markers set behind expiredThrough since the last pass (a few late records' keys)
    private final List<byte[]> behind = new ArrayList<>();
    // the current key's hash, by the key context's version: a record reads its key's marker, then writes it
    private long hashedVersion = -1;
    private int hashedKeyHash;
    // the current key's probe of the table (its slot, or where it would go), by the key context's version and the
    // table's modifications: a first occurrence finds its key absent and then sets it, inserting where the probe ended
    private long probedVersion = -1;
    private long probedModifications;
    private int probed;

    /**
     * A marker state whose value {@code v} expires at {@code expiryOf(v)} (epoch millis) in event time, in buckets
     * {@code bucketWidthMillis} wide ({@link MarkerBuckets#widthFor}).
     */
    CachedMarkerState(String name, Serde<Long> serde, LongUnaryOperator expiryOf, long bucketWidthMillis,
            KeyContext keyContext, TaskClock clock, KeyValueStore store) {
        this(name, serde, expiryOf, bucketWidthMillis, CHUNK_BYTES, TimeDomain.EVENT_TIME, keyContext, clock, store);
    }

    /** As above, packed entries cut at about {@code chunkBytes}. */
    CachedMarkerState(String name, Serde<Long> serde, LongUnaryOperator expiryOf, long bucketWidthMillis,
            int chunkBytes, KeyContext keyContext, TaskClock clock, KeyValueStore store) {
        this(name, serde, expiryOf, bucketWidthMillis, chunkBytes, TimeDomain.EVENT_TIME, keyContext, clock, store);
    }

    /**
     * As above, expiring in {@code domain}: its pass time is logged under the domain's name too, so a state moved to
     * the other domain does not take a time of one clock for the other's.
     */
    CachedMarkerState(String name, Serde<Long> serde, LongUnaryOperator expiryOf, long bucketWidthMillis,
            int chunkBytes, TimeDomain domain, KeyContext keyContext, TaskClock clock, KeyValueStore store) {
        super(name, keyContext, clock, TtlPolicy.NONE, store);
        this.serde = serde;
        this.expiryOf = expiryOf;
        this.buckets = new MarkerBuckets(bucketWidthMillis);
        this.writer = new PackedMarkers.Writer(chunkBytes);
        this.expiryKey = StoreKeys.taskMetaKey("marker-expiry:" + domain.name().toLowerCase(Locale.ROOT) + ":" + name);
    }

    /**
     * Loads every stored entry, per-key and packed, and calls {@code action} with each live key's bytes and value;
     * before any other access. Markers the logged pass time covers are left out, except per-key ones (set behind it).
     */
    void loadAll(LoadedMarker action) {
        byte[] through = store.get(expiryKey);
        expiredThrough = through == null ? Long.MIN_VALUE : StoreKeys.readLong(through);
        flushedThrough = expiredThrough;
        // only the packed entries' keys: their values are read a commit at a time while replaying, so opening a task
        // holds no more than one commit's entries besides the table
        List<byte[]> packedKeys = new ArrayList<>();
        List<byte[]> perKeyKeys = new ArrayList<>();
        List<byte[]> perKeyValues = new ArrayList<>();
        try (StoreIterator it = store.prefixScan(prefix)) {
            while (it.next()) {
                byte[] storeKey = it.key();
                if (PackedMarkers.isPacked(prefix.length, storeKey)) {
                    packedKeys.add(storeKey);
                }
                else {
                    perKeyKeys.add(StoreKeys.keyOfStateEntry(prefix.length, storeKey));
                    perKeyValues.add(it.value());
                }
            }
        }
        replay(packedKeys);
        // after the packed entries: a key's per-key entry is newer than any packed one (a marker set behind a pass,
        // whose bucket's entry got its delete in the same commit) or alone (one a value state wrote)
        for (int i = 0; i < perKeyKeys.size(); i++) {
            int slot = table.insert(perKeyKeys.get(i));
            misplaced.remove(table.handle(slot));
            table.value(slot, serde.deserialize(perKeyValues.get(i)));
            table.flags(slot, HAS_VALUE | STORED | LEGACY);
        }
        dropExpiredOnLoad();
        sweptBuckets = buckets.wholeBucketsThrough(expiredThrough);
        for (int slot = 0; slot < table.capacity(); slot++) {
            if (table.occupied(slot) && (table.flags(slot) & (LEGACY | MISPLACED)) == 0) {
                buckets.addLive(buckets.bucketOf(expiryOf.applyAsLong(table.value(slot))));
            }
        }
        emptyOnLoad = buckets.empty();
        // rewritten at the first flush: a misplaced one into its bucket, and a per-key one that is not behind the pass
        // time into a packed entry, since a per-key entry left after that time passes it would load as behind it
        for (int slot = 0; slot < table.capacity(); slot++) {
            int flags = table.flags(slot);
            if (table.occupied(slot) && ((flags & MISPLACED) != 0 || (flags & (LEGACY | BEHIND)) == LEGACY)) {
                markDirty(slot, table.slotHash(slot), flags);
            }
        }
        for (int slot = 0; slot < table.capacity(); slot++) {
            if (table.occupied(slot)) {
                action.accept(table.key(slot), table.value(slot));
            }
        }
    }

    /**
     * Applies the packed entries (their store keys, in key order) commit by commit: each commit's deletes, then its
     * puts, so a key that moved bucket in a commit ends in its new one whichever bucket sorts first.
     */
    private void replay(List<byte[]> keys) {
        Integer[] order = new Integer[keys.size()];
        long[] seqs = new long[keys.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
            seqs[i] = PackedMarkers.seqOf(prefix.length, keys.get(i));
            buckets.recorded(PackedMarkers.bucketOf(prefix.length, keys.get(i)), seqs[i]);
        }
        Arrays.sort(order, (a, b) -> Long.compare(seqs[a], seqs[b]));
        PackedMarkers.Visitor deletes = new PackedMarkers.Visitor() {
            @Override
            public void put(byte[] key, long value) {
            }

            @Override
            public void delete(byte[] key) {
                int slot = table.find(key);
                if (slot >= 0) {
                    misplaced.remove(table.handle(slot));
                    table.remove(slot);
                }
            }
        };
        for (int from = 0; from < order.length; ) {
            long commit = PackedMarkers.commitOf(seqs[order[from]]);
            int to = from;
            while (to < order.length && PackedMarkers.commitOf(seqs[order[to]]) == commit) {
                to++;
            }
            byte[][] values = new byte[to - from][];
            for (int i = from; i < to; i++) {
                values[i - from] = storedValue(keys.get(order[i]));
                PackedMarkers.decode(values[i - from], deletes);
            }
            for (int i = from; i < to; i++) {
                long bucket = PackedMarkers.bucketOf(prefix.length, keys.get(order[i]));
                PackedMarkers.decode(values[i - from], new PackedMarkers.Visitor() {
                    @Override
                    public void put(byte[] key, long value) {
                        int slot = table.insert(key);
                        table.value(slot, value);
                        long handle = table.handle(slot);
                        if (buckets.bucketOf(expiryOf.applyAsLong(value)) == bucket) {
                            table.flags(slot, HAS_VALUE | STORED);
                            misplaced.remove(handle);
                        }
                        else {
                            table.flags(slot, HAS_VALUE | STORED | MISPLACED);
                            misplaced.put(handle, bucket);
                        }
                    }

                    @Override
                    public void delete(byte[] key) {
                    }
                });
            }
            from = to;
        }
    }

    /**
     * Drops the packed markers that had expired by the last commit (they stay in their buckets' entries until those
     * go) and marks the per-key ones it covers as set behind it.
     */
    private void dropExpiredOnLoad() {
        for (int slot = 0; slot < table.capacity(); ) {
            if (!table.occupied(slot) || expiryOf.applyAsLong(table.value(slot)) > expiredThrough) {
                slot++;
            }
            else if ((table.flags(slot) & LEGACY) != 0) {
                table.flags(slot, table.flags(slot) | BEHIND);
                behind.add(table.key(slot));
                slot++;
            }
            else {
                misplaced.remove(table.handle(slot));
                // an entry further on may move back into this slot: look at it again
                table.remove(slot);
            }
        }
    }

    private byte[] storedValue(byte[] storeKey) {
        byte[] value = store.get(storeKey);
        if (value == null) {
            throw new IllegalStateException("packed entry of state '" + name + "' vanished while it was loading");
        }
        return value;
    }

    /** What {@link #loadAll} calls for each entry it loads. */
    interface LoadedMarker {
        void accept(byte[] keyBytes, long value);
    }

    @Override
    public @Nullable Long value() {
        int slot = currentSlot();
        return slot < 0 ? null : table.value(slot);
    }

    @Override
    public boolean isSet() {
        return currentSlot() >= 0;
    }

    /** The current key's slot when it has a live value, else -1. */
    private int currentSlot() {
        int slot = currentProbe();
        return slot < 0 || (table.flags(slot) & HAS_VALUE) == 0 || !unexpired(table.flags(slot), table.value(slot))
                ? -1 : slot;
    }

    /** Whether a marker of these flags and value has not expired: its time is past the last pass, or set behind it. */
    private boolean unexpired(int flags, long value) {
        return (flags & BEHIND) != 0 || expiryOf.applyAsLong(value) > expiredThrough;
    }

    /**
     * Records a timer pass of the markers' domain at {@code timeMillis}: each marker of that time or earlier expires,
     * as a timer at its time would fire now, including those set behind the last pass. Times that do not move past the
     * last pass are ignored.
     */
    void expireThrough(long timeMillis) {
        if (timeMillis <= expiredThrough) {
            return;
        }
        expiredThrough = timeMillis;
        for (byte[] key : behind) {
            int slot = table.find(key);
            if (slot >= 0 && (table.flags(slot) & BEHIND) != 0) {
                // expired now; a committed one's per-key entry goes at the next flush
                int flags = table.flags(slot) & ~BEHIND;
                table.flags(slot, flags);
                if ((flags & DIRTY) == 0) {
                    markDirty(slot, table.slotHash(slot), flags);
                }
            }
        }
        behind.clear();
    }

    /** {@link MarkerTable#probe} of the current key, probed once while neither the key nor the table changes. */
    private int currentProbe() {
        long version = keyContext.version();
        long modifications = table.modifications();
        if (version != probedVersion || modifications != probedModifications) {
            probed = table.probe(keyContext.keyBytes(), currentHash());
            probedVersion = version;
            probedModifications = modifications;
        }
        return probed;
    }

    @Override
    public void update(@Nullable Long value) {
        if (value != null) {
            write(true, value);
        }
        else {
            write(false, 0);
        }
    }

    @Override
    public void set(long value) {
        write(true, value);
    }

    /** Sets the current key's value to {@code value} when {@code present}, else clears it. */
    private void write(boolean present, long value) {
        int slot = currentProbe();
        if (present) {
            slot = table.insertProbed(keyContext.keyBytes(), currentHash(), slot);
            // where the key is now, for the next access before the table changes again
            probed = slot;
            probedModifications = table.modifications();
        }
        else if (slot < 0) {
            return;
        }
        int flags = table.flags(slot);
        if ((flags & DIRTY) == 0) {
            flags = markDirty(slot, currentHash(), flags);
        }
        if (present) {
            table.value(slot, value);
            flags |= HAS_VALUE;
            if (expiryOf.applyAsLong(value) > expiredThrough) {
                flags &= ~BEHIND;
            }
            else if ((flags & BEHIND) == 0) {
                // a key array may be reused once the record is done
                behind.add(keyContext.keyBytes().clone());
                flags |= BEHIND;
            }
        }
        else {
            flags &= ~(HAS_VALUE | BEHIND);
        }
        table.flags(slot, flags);
    }

    /** Adds the clean entry at {@code slot} to the dirty ones, keeping its committed value; its new flags. */
    private int markDirty(int slot, int hash, int flags) {
        int index = dirtyCount++;
        if (index == dirty.length) {
            dirty = Arrays.copyOf(dirty, index * 2);
            dirtyHashes = Arrays.copyOf(dirtyHashes, index * 2);
            dirtyCommitted = Arrays.copyOf(dirtyCommitted, index * 2);
        }
        dirty[index] = table.handle(slot);
        dirtyHashes[index] = hash;
        dirtyCommitted[index] = table.value(slot);
        table.flags(slot, flags | DIRTY);
        return flags | DIRTY;
    }

    /** The hash of the current key's bytes, computed once per key set. */
    private int currentHash() {
        long version = keyContext.version();
        if (version != hashedVersion) {
            hashedVersion = version;
            hashedKeyHash = table.hash(keyContext.keyBytes());
        }
        return hashedKeyHash;
    }

    @Override
    public void clear() {
        update(null);
    }

    /**
     * Writes this commit's changes as packed entries, one per bucket changed (or a few, past the chunk size), and
     * tombstones the entries of every bucket left without a live marker instead of writing its deletes. Markers set
     * behind the last pass are written per key; the pass time is written when it moved.
     */
    @Override
    void flushTo(StoreBatch batch) {
        boolean swept = sweepExpired();
        if (dirtyCount == 0) {
            // a quiet commit: the buffer kept for busy ones is given back
            writer.release();
        }
        else {
            // nothing left by a flush that failed half way
            writer.reset();
        }
        KeySlabs keys = table.slabs();
        for (int i = 0; i < dirtyCount; i++) {
            long handle = dirty[i];
            int slot = table.findHandle(handle, dirtyHashes[i]);
            int flags = table.flags(slot);
            long value = table.value(slot);
            boolean live = (flags & HAS_VALUE) != 0 && unexpired(flags, value);
            // set behind the last pass: per key, so a restart tells it from the expired markers of its bucket
            boolean perKey = live && (flags & BEHIND) != 0;
            long newBucket = live ? buckets.bucketOf(expiryOf.applyAsLong(value)) : 0;
            boolean counted = (flags & (STORED | LEGACY | MISPLACED)) == STORED;
            long committed = dirtyCommitted[i];
            long oldBucket = counted ? buckets.bucketOf(expiryOf.applyAsLong(committed)) : 0;
            if (perKey) {
                batch.put(StoreKeys.stateKey(prefix, table.key(slot)), serde.serialize(value));
            }
            else if ((flags & LEGACY) != 0) {
                batch.delete(StoreKeys.stateKey(prefix, table.key(slot)));
            }
            if ((flags & MISPLACED) != 0) {
                // no count to take back: the bucket holding it counts only its own markers
                Long holder = misplaced.remove(handle);
                if (holder != null) {
                    writer.delete(holder, keys.slab(handle), keys.start(handle), keys.length(handle));
                }
            }
            boolean stays = counted && live && !perKey && oldBucket == newBucket;
            if (live && !perKey && !(stays && value == committed)) {
                writer.put(newBucket, keys.slab(handle), keys.start(handle), keys.length(handle), value);
                if (!stays) {
                    buckets.addLive(newBucket);
                }
            }
            if (counted && !stays) {
                buckets.removeLive(oldBucket);
                writer.delete(oldBucket, keys.slab(handle), keys.start(handle), keys.length(handle));
            }
            if (perKey) {
                table.flags(slot, HAS_VALUE | STORED | LEGACY | BEHIND);
            }
            else if (live) {
                table.flags(slot, HAS_VALUE | STORED);
            }
            else {
                // absent needs no entry: the table holds every key the store does
                table.remove(slot);
            }
        }
        dirtyCount = 0;
        if (!writer.isEmpty()) {
            long commit = buckets.nextCommit();
            // in bucket order, as the store sorts them
            for (long bucket : writer.buckets()) {
                if (buckets.live(bucket) == 0) {
                    dropBucket(batch, bucket);
                    continue;
                }
                List<byte[]> chunks = writer.chunks(bucket);
                for (int chunk = 0; chunk < chunks.size(); chunk++) {
                    long seq = commit * PackedMarkers.CHUNKS_PER_COMMIT + chunk;
                    batch.put(PackedMarkers.key(prefix, bucket, seq), chunks.get(chunk));
                    buckets.recorded(bucket, seq);
                }
            }
            writer.reset();
        }
        for (long bucket : swept ? buckets.empty() : emptyOnLoad) {
            if (buckets.live(bucket) == 0) {
                dropBucket(batch, bucket);
            }
        }
        emptyOnLoad = new long[0];
        if (expiredThrough != flushedThrough) {
            batch.put(expiryKey, StoreKeys.longBytes(expiredThrough));
            flushedThrough = expiredThrough;
        }
        // a burst of keys that has since gone leaves the table mostly empty: give the memory back
        table.shrinkIfSparse();
        // no handle is held now (a misplaced key's is until its first flush, which this was)
        if (misplaced.isEmpty()) {
            table.compactIfWasteful();
        }
    }

    /**
     * Once a whole bucket more has passed since the last sweep, drops from the table every clean marker that has
     * expired, taking each off its bucket's count (a bucket left with none is tombstoned by this flush), and marks the
     * expired per-key ones dirty, whose entries go one by one. Whether it swept.
     */
    private boolean sweepExpired() {
        long whole = buckets.wholeBucketsThrough(expiredThrough);
        if (whole <= sweptBuckets) {
            return false;
        }
        sweptBuckets = whole;
        // the removals' buckets, counted here and taken off together: a sweep empties a few buckets, and a lookup
        // per marker was a fifth of the sweep
        int counted = 0;
        for (int slot = 0; slot < table.capacity(); ) {
            int flags = table.flags(slot);
            long value = table.value(slot);
            // dirty ones are the flush's to write; misplaced ones are dirty until their first flush
            if (!table.occupied(slot) || (flags & DIRTY) != 0 || unexpired(flags, value)) {
                slot++;
            }
            else if ((flags & LEGACY) != 0) {
                markDirty(slot, table.slotHash(slot), flags);
                slot++;
            }
            else {
                counted = countSwept(buckets.bucketOf(expiryOf.applyAsLong(value)), counted);
                // an entry further on may move back into this slot: look at it again
                table.remove(slot);
            }
        }
        for (int i = 0; i < counted; i++) {
            buckets.removeLive(sweepBuckets[i], sweepCounts[i]);
        }
        return true;
    }

    /** Counts a swept marker of {@code bucket} among the {@code counted} buckets so far; how many there are now. */
    private int countSwept(long bucket, int counted) {
        for (int i = 0; i < counted; i++) {
            if (sweepBuckets[i] == bucket) {
                sweepCounts[i]++;
                return counted;
            }
        }
        if (counted == sweepBuckets.length) {
            sweepBuckets = Arrays.copyOf(sweepBuckets, counted * 2);
            sweepCounts = Arrays.copyOf(sweepCounts, counted * 2);
        }
        sweepBuckets[counted] = bucket;
        sweepCounts[counted] = 1;
        return counted + 1;
    }

    /** The length of the flush's buffer, for tests of what a quiet state holds. */
    int writerCapacity() {
        return writer.capacity();
    }

    private void dropBucket(StoreBatch batch, long bucket) {
        for (long seq : buckets.seqs(bucket)) {
            batch.delete(PackedMarkers.key(prefix, bucket, seq));
        }
        buckets.drop(bucket);
    }

    @Override
    int dirtyCount() {
        return dirtyCount;
    }

    /** None that {@link #evictClean} could drop: this state is held in full, outside the bound on cached entries. */
    @Override
    int cachedCount() {
        return 0;
    }

    /** Keeps every entry: a key missing from the table must mean absent. */
    @Override
    void evictClean() {
    }

    /**
     * From the table, not the store (a key's committed value is in some packed entry): a clean entry's value, or a
     * dirty one's value as of the last commit. Flushed values count as committed, as the caller runs between turns of
     * the task's thread, and so after the commit that flushed them or after its rollback rebuilt the task: a task with
     * state never commits in the background ({@code ProcessorThread.commitsInBackground}), where that would not hold.
     */
    @Override
    @Nullable Object readCommitted(byte[] keyBytes) {
        int slot = table.find(keyBytes);
        if (slot < 0) {
            return null;
        }
        int flags = table.flags(slot);
        if ((flags & DIRTY) == 0) {
            return (flags & HAS_VALUE) == 0 || !committedLive(flags, table.value(slot)) ? null : table.value(slot);
        }
        if ((flags & STORED) == 0) {
            return null;
        }
        long handle = table.handle(slot);
        for (int i = 0; i < dirtyCount; i++) {
            if (dirty[i] == handle) {
                return committedLive(flags, dirtyCommitted[i]) ? dirtyCommitted[i] : null;
            }
        }
        throw new IllegalStateException("dirty marker of state '" + name + "' missing from its dirty list");
    }

    /** Whether a committed marker of these flags and value was live at the last flush: per key, or not expired. */
    private boolean committedLive(int flags, long value) {
        return (flags & LEGACY) != 0 || expiryOf.applyAsLong(value) > flushedThrough;
    }

    /** How many times the table compacted its keys' slabs, for tests. */
    int compactions() {
        return table.compactions();
    }

    /** The markers the table holds, expired ones not yet swept included, for tests. */
    int tableSize() {
        return table.size();
    }

    /** The number of buckets of expiry times this state has entries or live markers in, for tests. */
    int bucketCount() {
        return buckets.size();
    }

    @Override
    int expireStored(List<byte[]> storeKeys) {
        throw new IllegalStateException("state '" + name + "' has no TTL, so nothing of it expires");
    }
}
