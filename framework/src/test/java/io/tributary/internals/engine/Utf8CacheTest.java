package io.tributary.internals.engine;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** Byte ranges handed out from the cache: always the range's bytes, the same array again while they repeat. */
class Utf8CacheTest {

    @Test
    void givesTheSameArrayForTheSameBytesWhereverTheyStand() {
        Utf8Cache cache = new Utf8Cache(16);
        byte[] first = bytes("{\"symbol\":\"AAPL\"}");
        byte[] second = bytes("[\"AAPL\"]");

        byte[] aapl = cache.bytes(first, 11, 15);

        assertThat(aapl).isEqualTo(bytes("AAPL"));
        assertThat(cache.bytes(second, 2, 6)).isSameAs(aapl);
    }

    @Test
    void bytesSharingASlotReplaceEachOtherAndAreNeverMistakenForEachOther() {
        // one slot: every range collides
        Utf8Cache cache = new Utf8Cache(1);
        byte[] source = bytes("AAPL MSFT AAPM AAP");

        byte[] aapl = cache.bytes(source, 0, 4);
        assertThat(cache.bytes(source, 5, 9)).isEqualTo(bytes("MSFT"));
        byte[] again = cache.bytes(source, 0, 4);
        assertThat(cache.bytes(source, 10, 14)).isEqualTo(bytes("AAPM"));
        assertThat(cache.bytes(source, 15, 18)).isEqualTo(bytes("AAP"));
        assertThat(cache.bytes(source, 15, 17)).isEqualTo(bytes("AA"));

        assertThat(again).isEqualTo(aapl).isNotSameAs(aapl);
        assertThat(aapl).as("an array handed out is never written to").isEqualTo(bytes("AAPL"));
    }

    @Test
    void copiesLongRangesEachTime() {
        Utf8Cache cache = new Utf8Cache(16);
        byte[] source = new byte[Utf8Cache.MAX_CACHED_BYTES + 1];

        byte[] first = cache.bytes(source, 0, source.length);

        assertThat(first).isEqualTo(source);
        assertThat(cache.bytes(source, 0, source.length)).isEqualTo(source).isNotSameAs(first);
        assertThat(cache.bytes(source, 1, source.length)).isSameAs(cache.bytes(source, 1, source.length));
    }

    @Test
    void rejectsASlotCountThatIsNotAPowerOfTwo() {
        assertThatIllegalArgumentException().isThrownBy(() -> new Utf8Cache(12)).withMessageContaining("got 12");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
