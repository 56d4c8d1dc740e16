package io.tributary.internals.state;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KeyPrefixesTest {

    @Test
    void upperBoundIncrementsTheLastByte() {
        assertThat(KeyPrefixes.upperBound(new byte[] {0x01, 0x02})).containsExactly(0x01, 0x03);
        assertThat(KeyPrefixes.upperBound(new byte[] {0x7F})).containsExactly(0x80);
    }

    @Test
    void upperBoundDropsTrailing0xFFBytesAndCarries() {
        assertThat(KeyPrefixes.upperBound(new byte[] {0x01, (byte) 0xFF})).containsExactly(0x02);
        assertThat(KeyPrefixes.upperBound(new byte[] {(byte) 0xFE, (byte) 0xFF, (byte) 0xFF}))
                .containsExactly(0xFF);
    }

    @Test
    void upperBoundDoesNotChangeThePrefix() {
        byte[] prefix = {0x01, 0x02};
        KeyPrefixes.upperBound(prefix);

        assertThat(prefix).containsExactly(0x01, 0x02);
    }

    @Test
    void prefixOfOnly0xFFBytesOrNoBytesHasNoUpperBound() {
        assertThat(KeyPrefixes.upperBound(new byte[] {(byte) 0xFF, (byte) 0xFF})).isNull();
        assertThat(KeyPrefixes.upperBound(new byte[0])).isNull();
    }
}
