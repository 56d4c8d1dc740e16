package io.tributary.internals.engine;

import java.util.Arrays;

/**
 * A registered logged timer (stored and changelogged): a time and a key, the key kept both as object and as its
 * serialized bytes. Identity is time and key bytes.
 */
final class Timer implements Comparable<Timer> {

    final long time;
    final Object key;
    final byte[] keyBytes;
    private final int hash;

    Timer(long time, Object key, byte[] keyBytes) {
        this.time = time;
        this.key = key;
        this.keyBytes = keyBytes;
        this.hash = 31 * Long.hashCode(time) + Arrays.hashCode(keyBytes);
    }

    @Override
    public int compareTo(Timer other) {
        int byTime = Long.compare(time, other.time);
        return byTime != 0 ? byTime : Arrays.compareUnsigned(keyBytes, other.keyBytes);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Timer timer && timer.time == time && Arrays.equals(timer.keyBytes, keyBytes);
    }

    @Override
    public int hashCode() {
        return hash;
    }
}
