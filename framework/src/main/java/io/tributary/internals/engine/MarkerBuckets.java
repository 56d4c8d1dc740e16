package io.tributary.internals.engine;

import java.util.Arrays;

import org.jspecify.annotations.Nullable;

/**
 * Which packed entries a marker state has written for each bucket of expiry times, and how many of its live markers
 * each bucket holds: when a bucket's count falls to zero its entries are deleted all at once, so markers that expire
 * together leave the store and changelog in a few tombstones rather than one each.
 *
 * <p>A marker's bucket is {@code floor(expiry / width)}. Also numbers the state's commits, so that packed entries
 * sort by the commit that wrote them ({@link PackedMarkers}). Single-threaded.
 */
final class MarkerBuckets {

    private final long widthMillis;
    // by number, unboxed: every marker a commit writes or forgets looks its bucket up
    private final LongTable<Bucket> buckets = new LongTable<>();
    private long nextCommit;

    MarkerBuckets(long widthMillis) {
        if (widthMillis <= 0) {
            throw new IllegalArgumentException("bucket width must be positive, got " + widthMillis + " ms");
        }
        this.widthMillis = widthMillis;
    }

    /**
     * The width for markers that live {@code scopeMillis}: a sixteenth of it, at least a second. A bucket's entries
     * stay until its last marker expires, so a dead marker lingers at most one width (a sixteenth of the scope) and
     * a task keeps some 17 buckets live; a commit writes to the one or two buckets its new markers fall in and the one
     * or two its expiring ones leave, whatever the width, so a narrower one would add tombstones, not save records.
     */
    static long widthFor(long scopeMillis) {
        return Math.max(1000, scopeMillis / 16);
    }

    long bucketOf(long expiryMillis) {
        return Math.floorDiv(expiryMillis, widthMillis);
    }

    /** How many buckets lie wholly at or before {@code timeMillis}, as the number of the first that does not. */
    long wholeBucketsThrough(long timeMillis) {
        return timeMillis == Long.MAX_VALUE ? Long.MAX_VALUE : Math.floorDiv(timeMillis + 1, widthMillis);
    }

    /** A number for the commit about to write, above every commit's loaded or written before. */
    long nextCommit() {
        return nextCommit++;
    }

    /** Records that entry {@code seq} of {@code bucket} is stored. */
    void recorded(long bucket, long seq) {
        bucket(bucket).add(seq);
        nextCommit = Math.max(nextCommit, PackedMarkers.commitOf(seq) + 1);
    }

    void addLive(long bucket) {
        bucket(bucket).live++;
    }

    void removeLive(long bucket) {
        removeLive(bucket, 1);
    }

    /** Takes {@code count} live markers off {@code bucket}'s count. */
    void removeLive(long bucket, int count) {
        Bucket entry = find(bucket);
        if (entry == null || entry.live < count) {
            throw new IllegalStateException("marker bucket " + bucket + " has fewer than " + count
                    + " live markers to remove");
        }
        entry.live -= count;
    }

    int live(long bucket) {
        Bucket entry = find(bucket);
        return entry == null ? 0 : entry.live;
    }

    /** The seqs of the entries stored for {@code bucket}, in the order recorded. */
    long[] seqs(long bucket) {
        Bucket entry = find(bucket);
        return entry == null ? new long[0] : Arrays.copyOf(entry.seqs, entry.count);
    }

    /** Forgets {@code bucket}, whose entries the caller deletes. */
    void drop(long bucket) {
        buckets.remove(bucket);
    }

    /** The buckets holding stored entries but no live marker. */
    long[] empty() {
        long[] known = buckets.sortedKeys();
        int count = 0;
        for (long bucket : known) {
            Bucket entry = buckets.get(bucket);
            if (entry != null && entry.live == 0 && entry.count > 0) {
                known[count++] = bucket;
            }
        }
        return Arrays.copyOf(known, count);
    }

    /** The number of buckets known, live or holding entries. */
    int size() {
        return buckets.size();
    }

    private Bucket bucket(long bucket) {
        Bucket entry = buckets.get(bucket);
        if (entry == null) {
            entry = new Bucket();
            buckets.put(bucket, entry);
        }
        return entry;
    }

    private @Nullable Bucket find(long bucket) {
        return buckets.get(bucket);
    }

    private static final class Bucket {
        int live;
        long[] seqs = new long[4];
        int count;

        void add(long seq) {
            if (count == seqs.length) {
                seqs = Arrays.copyOf(seqs, count * 2);
            }
            seqs[count++] = seq;
        }
    }
}
