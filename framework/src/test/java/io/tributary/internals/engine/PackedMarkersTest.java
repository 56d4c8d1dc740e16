package io.tributary.internals.engine;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/** The packed layout of marker entries and the bucket bookkeeping, without a store. */
class PackedMarkersTest {

    private static final byte[] PREFIX = StoreKeys.statePrefix("dedup-first-seen");

    @Test
    void decodesWhatTheWriterWroteInOrder() {
        PackedMarkers.Writer writer = new PackedMarkers.Writer(1 << 20);
        writer.put(7, bytes("AMZN"), 10L);
        writer.delete(7, bytes("GOOG"));
        writer.put(7, bytes("x".repeat(300)), -5L);
        writer.put(7, new byte[0], Long.MAX_VALUE);
        List<byte[]> chunks = writer.chunks(7);

        assertThat(chunks).hasSize(1);
        assertThat(decode(chunks.get(0))).containsExactly("put AMZN=10", "delete GOOG",
                "put " + "x".repeat(300) + "=-5", "put =" + Long.MAX_VALUE);
    }

    @Test
    void writesTheLayoutEveryStoreAndChangelogHolds() {
        PackedMarkers.Writer writer = new PackedMarkers.Writer(1 << 20);
        writer.put(1, bytes("AB"), 258L);
        writer.delete(1, bytes("C"));

        assertThat(writer.chunks(1)).singleElement().isEqualTo(new byte[] {
            1, PackedMarkers.PUT, 2, 'A', 'B', 0, 0, 0, 0, 0, 0, 1, 2, PackedMarkers.DELETE, 1, 'C'});
    }

    @Test
    void cutsChunksNearTheirSizeWithoutSplittingAnEntry() {
        PackedMarkers.Writer writer = new PackedMarkers.Writer(1024);
        List<String> written = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            writer.put(0, bytes("key-" + i), i);
            written.add("put key-" + i + "=" + i);
        }
        List<byte[]> chunks = writer.chunks(0);

        assertThat(chunks).hasSizeGreaterThan(5);
        assertThat(chunks).allSatisfy(chunk -> assertThat(chunk.length).isLessThanOrEqualTo(1024));
        // cut where the next entry, counted with 5 bytes for its key's length, would not fit
        assertThat(chunks.get(0).length).isGreaterThan(1024 - (1 + 5 + "key-100".length() + 8));
        List<String> decoded = new ArrayList<>();
        chunks.forEach(chunk -> decoded.addAll(decode(chunk)));
        assertThat(decoded).isEqualTo(written);
    }

    @Test
    void keepsEachBucketsEntriesInTheirOrderAndCutsThemApart() {
        PackedMarkers.Writer writer = new PackedMarkers.Writer(1024);
        Map<Long, List<String>> written = new TreeMap<>();
        long[] buckets = {3, -1, 3, 9, 3, -1};
        for (int i = 0; i < 600; i++) {
            long bucket = buckets[i % buckets.length];
            if (i % 5 == 4) {
                writer.delete(bucket, bytes("key-" + i));
                written.computeIfAbsent(bucket, b -> new ArrayList<>()).add("delete key-" + i);
            }
            else {
                writer.put(bucket, bytes("key-" + i), i);
                written.computeIfAbsent(bucket, b -> new ArrayList<>()).add("put key-" + i + "=" + i);
            }
        }

        assertThat(writer.buckets()).containsExactly(-1, 3, 9);
        for (long bucket : writer.buckets()) {
            List<byte[]> chunks = writer.chunks(bucket);
            assertThat(chunks).as("bucket " + bucket).hasSizeGreaterThan(1)
                    .allSatisfy(chunk -> assertThat(chunk.length).isLessThanOrEqualTo(1024));
            List<String> decoded = new ArrayList<>();
            chunks.forEach(chunk -> decoded.addAll(decode(chunk)));
            assertThat(decoded).as("bucket " + bucket).isEqualTo(written.get(bucket));
        }
        assertThat(writer.chunks(4)).isEmpty();
    }

    @Test
    void packedKeysSortAfterEveryPerKeyEntryByBucketThenSeq() {
        byte[] perKey = StoreKeys.stateKey(PREFIX, bytes("\u00ff".repeat(50)));
        byte[] early = PackedMarkers.key(PREFIX, -3, 7);
        byte[] late = PackedMarkers.key(PREFIX, 2, 1);
        byte[] laterSeq = PackedMarkers.key(PREFIX, 2, 9);

        assertThat(Arrays.compareUnsigned(perKey, early)).isNegative();
        assertThat(Arrays.compareUnsigned(early, late)).isNegative();
        assertThat(Arrays.compareUnsigned(late, laterSeq)).isNegative();
        assertThat(PackedMarkers.isPacked(PREFIX.length, early)).isTrue();
        assertThat(PackedMarkers.isPacked(PREFIX.length, perKey)).isFalse();
        assertThat(PackedMarkers.isPacked(PREFIX.length, StoreKeys.stateKey(PREFIX, new byte[13]))).isFalse();
        assertThat(PackedMarkers.bucketOf(PREFIX.length, early)).isEqualTo(-3);
        assertThat(PackedMarkers.seqOf(PREFIX.length, early)).isEqualTo(7);
    }

    @Test
    void refusesAnEntryOfAnotherVersion() {
        assertThatIllegalStateException().isThrownBy(() -> PackedMarkers.decode(new byte[] {2, 0}, null))
                .withMessageContaining("unknown version 2");
    }

    @Test
    void bucketsAreASixteenthOfTheScopeAndAtLeastASecond() {
        assertThat(MarkerBuckets.widthFor(600_000)).isEqualTo(37_500);
        assertThat(MarkerBuckets.widthFor(5_000)).isEqualTo(1_000);
        MarkerBuckets buckets = new MarkerBuckets(1_000);
        assertThat(buckets.bucketOf(1_999)).isEqualTo(1);
        assertThat(buckets.bucketOf(-1)).as("before the epoch, floored").isEqualTo(-1);
    }

    @Test
    void countsLiveMarkersAndTheEntriesOfEachBucket() {
        MarkerBuckets buckets = new MarkerBuckets(1_000);
        buckets.recorded(4, 3 * PackedMarkers.CHUNKS_PER_COMMIT + 1);
        buckets.recorded(4, 5 * PackedMarkers.CHUNKS_PER_COMMIT);
        buckets.recorded(9, 2 * PackedMarkers.CHUNKS_PER_COMMIT);
        buckets.addLive(9);

        assertThat(buckets.nextCommit()).as("after the last commit loaded").isEqualTo(6);
        assertThat(buckets.empty()).containsExactly(4);
        assertThat(buckets.seqs(4)).containsExactly(3L * PackedMarkers.CHUNKS_PER_COMMIT + 1,
                5L * PackedMarkers.CHUNKS_PER_COMMIT);
        buckets.removeLive(9);
        assertThat(buckets.live(9)).isZero();
        assertThatIllegalStateException().isThrownBy(() -> buckets.removeLive(9));
        buckets.drop(4);
        assertThat(buckets.seqs(4)).isEmpty();
    }

    @Test
    void aResetWriterWritesOnlyWhatFollowsIntoChunksOfItsOwn() {
        PackedMarkers.Writer writer = new PackedMarkers.Writer(1024);
        // some 3.4 KB: within the few chunks' worth a writer keeps
        for (int i = 0; i < 200; i++) {
            writer.put(i % 2, bytes("old-" + i), i);
        }
        List<byte[]> before = List.copyOf(writer.chunks(0));

        writer.reset();
        assertThat(writer.isEmpty()).isTrue();
        assertThat(writer.buckets()).isEmpty();
        writer.delete(0, bytes("GOOG"));
        byte[] source = bytes("..AMZN..");
        writer.put(0, source, 2, 4, 7L);
        writer.delete(0, source, 0, 0);
        List<byte[]> after = writer.chunks(0);

        assertThat(writer.capacity()).as("the buffer kept").isGreaterThan(512);
        assertThat(writer.buckets()).containsExactly(0);
        assertThat(after).hasSize(1);
        assertThat(decode(after.get(0))).containsExactly("delete GOOG", "put AMZN=7", "delete ");
        // the chunks handed out before stay as they were
        List<String> decoded = new ArrayList<>();
        before.forEach(chunk -> decoded.addAll(decode(chunk)));
        assertThat(decoded).hasSize(100).startsWith("put old-0=0").endsWith("put old-198=198");
    }

    @Test
    void aResetWriterKeepsAFewChunksWorthOfPagesAndNoneGrownForALargeKey() {
        PackedMarkers.Writer writer = new PackedMarkers.Writer(1024);
        writer.put(0, new byte[100_000], 1L);
        assertThat(writer.chunks(0)).singleElement().satisfies(chunk -> assertThat(chunk.length).isGreaterThan(100_000));

        writer.reset();

        assertThat(writer.capacity()).as("the large key's page is dropped").isZero();
        writer.put(0, bytes("small"), 2L);
        assertThat(decode(writer.chunks(0).get(0))).containsExactly("put small=2");
        for (int i = 0; i < 20_000; i++) {
            writer.put(1, bytes("key-" + i), i);
        }
        assertThat(writer.capacity()).as("pages for some 300 KB").isGreaterThan(4 * PackedMarkers.Writer.PAGE_BYTES);

        writer.reset();

        assertThat(writer.capacity()).as("a few chunks' worth, at least a page")
                .isEqualTo(PackedMarkers.Writer.PAGE_BYTES);
    }

    @Test
    void entriesAcrossManyPagesComeBackInOrderPerBucketInChunksOfAtMostTheChunkSize() {
        int chunkBytes = 8 * 1024;
        PackedMarkers.Writer writer = new PackedMarkers.Writer(chunkBytes);
        Map<Integer, List<String>> expected = new TreeMap<>();
        Random random = new Random(7);
        for (int round = 0; round < 3; round++) {
            expected.clear();
            for (int i = 0; i < 30_000; i++) {
                int bucket = random.nextInt(5);
                String key = "k" + round + "-" + i + "-" + "x".repeat(random.nextInt(40));
                if (random.nextInt(4) == 0) {
                    writer.delete(bucket, bytes(key));
                    expected.computeIfAbsent(bucket, b -> new ArrayList<>()).add("delete " + key);
                }
                else {
                    writer.put(bucket, bytes(key), i);
                    expected.computeIfAbsent(bucket, b -> new ArrayList<>()).add("put " + key + "=" + i);
                }
            }
            assertThat(writer.capacity()).as("spread over pages").isGreaterThan(PackedMarkers.Writer.PAGE_BYTES);
            for (Map.Entry<Integer, List<String>> bucket : expected.entrySet()) {
                List<String> decoded = new ArrayList<>();
                for (byte[] chunk : writer.chunks(bucket.getKey())) {
                    assertThat(chunk.length).isLessThanOrEqualTo(chunkBytes);
                    decoded.addAll(decode(chunk));
                }
                assertThat(decoded).as("bucket %s, round %s", bucket.getKey(), round).isEqualTo(bucket.getValue());
            }
            writer.reset();
        }
    }

    private static List<String> decode(byte[] chunk) {
        List<String> entries = new ArrayList<>();
        PackedMarkers.decode(chunk, new PackedMarkers.Visitor() {
            @Override
            public void put(byte[] key, long value) {
                entries.add("put " + new String(key, StandardCharsets.UTF_8) + "=" + value);
            }

            @Override
            public void delete(byte[] key) {
                entries.add("delete " + new String(key, StandardCharsets.UTF_8));
            }
        });
        return entries;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
