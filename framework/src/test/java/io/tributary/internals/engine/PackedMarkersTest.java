package io.tributary.internals.engine;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/** The packed layout of marker entries and the bucket bookkeeping, without a store. */
class PackedMarkersTest {

    private static final byte[] PREFIX = StoreKeys.statePrefix("dedup-first-seen");

    @Test
    void decodesWhatTheWriterWroteInOrder() {
        PackedMarkers.Writer writer = new PackedMarkers.Writer(1 << 20);
        writer.put(bytes("AMZN"), 10L);
        writer.delete(bytes("GOOG"));
        writer.put(bytes("x".repeat(300)), -5L);
        writer.put(new byte[0], Long.MAX_VALUE);
        List<byte[]> chunks = writer.chunks();

        assertThat(chunks).hasSize(1);
        assertThat(decode(chunks.get(0))).containsExactly("put AMZN=10", "delete GOOG",
                "put " + "x".repeat(300) + "=-5", "put =" + Long.MAX_VALUE);
    }

    @Test
    void cutsChunksNearTheirSizeWithoutSplittingAnEntry() {
        PackedMarkers.Writer writer = new PackedMarkers.Writer(1024);
        List<String> written = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            writer.put(bytes("key-" + i), i);
            written.add("put key-" + i + "=" + i);
        }
        List<byte[]> chunks = writer.chunks();

        assertThat(chunks).hasSizeGreaterThan(5);
        assertThat(chunks).allSatisfy(chunk -> assertThat(chunk.length).isLessThanOrEqualTo(1024));
        List<String> decoded = new ArrayList<>();
        chunks.forEach(chunk -> decoded.addAll(decode(chunk)));
        assertThat(decoded).isEqualTo(written);
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
        for (int i = 0; i < 500; i++) {
            writer.put(bytes("old-" + i), i);
        }
        List<byte[]> before = List.copyOf(writer.chunks());

        writer.reset();
        writer.delete(bytes("GOOG"));
        byte[] source = bytes("..AMZN..");
        writer.put(source, 2, 4, 7L);
        writer.delete(source, 0, 0);
        List<byte[]> after = writer.chunks();

        assertThat(writer.capacity()).as("the buffer kept").isGreaterThan(512);
        assertThat(after).hasSize(1);
        assertThat(decode(after.get(0))).containsExactly("delete GOOG", "put AMZN=7", "delete ");
        // the chunks handed out before stay as they were
        List<String> decoded = new ArrayList<>();
        before.forEach(chunk -> decoded.addAll(decode(chunk)));
        assertThat(decoded).hasSize(500).startsWith("put old-0=0").endsWith("put old-499=499");
    }

    @Test
    void aResetWriterLetsGoOfABufferAKeyPastTheChunkSizeGrew() {
        PackedMarkers.Writer writer = new PackedMarkers.Writer(1024);
        writer.put(new byte[10_000], 1L);
        assertThat(writer.chunks()).singleElement().satisfies(chunk -> assertThat(chunk.length).isGreaterThan(10_000));

        writer.reset();

        assertThat(writer.capacity()).isLessThanOrEqualTo(1024);
        writer.put(bytes("small"), 2L);
        assertThat(decode(writer.chunks().get(0))).containsExactly("put small=2");
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
