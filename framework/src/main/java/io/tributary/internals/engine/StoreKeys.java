package io.tributary.internals.engine;

import java.nio.charset.StandardCharsets;

/**
 * The byte layout of everything a task keeps in its store and changelog, so that one ordered key space
 * holds state, timers and metadata and a changelog record is a store entry as it is.
 *
 * <pre>
 * 0x00 name                                   local metadata (never changelogged): the changelog offset
 * 0x01 nameLen name keyLen(4) key [mapKey]    state entries
 * 0x02 domain time(8, sign-flipped) key       timers, in time order
 * 0x03 name                                   task metadata (changelogged): watermarks, async progress
 * </pre>
 */
final class StoreKeys {

    static final byte LOCAL_META = 0x00;
    static final byte STATE = 0x01;
    static final byte TIMER = 0x02;
    static final byte TASK_META = 0x03;

    static final byte[] CHANGELOG_OFFSET_KEY = concat(new byte[] {LOCAL_META}, utf8("changelog-offset"));

    private StoreKeys() {
    }

    /** The prefix shared by every entry of the state named {@code name}. */
    static byte[] statePrefix(String name) {
        byte[] nameBytes = utf8(name);
        byte[] prefix = new byte[2 + nameBytes.length];
        prefix[0] = STATE;
        prefix[1] = (byte) nameBytes.length;
        System.arraycopy(nameBytes, 0, prefix, 2, nameBytes.length);
        return prefix;
    }

    /** statePrefix + keyLen + key. */
    static byte[] stateKey(byte[] statePrefix, byte[] key) {
        byte[] out = new byte[statePrefix.length + 4 + key.length];
        System.arraycopy(statePrefix, 0, out, 0, statePrefix.length);
        putInt(out, statePrefix.length, key.length);
        System.arraycopy(key, 0, out, statePrefix.length + 4, key.length);
        return out;
    }

    /** statePrefix + keyLen + key + mapKey. */
    static byte[] mapEntryKey(byte[] statePrefix, byte[] key, byte[] mapKey) {
        byte[] out = new byte[statePrefix.length + 4 + key.length + mapKey.length];
        System.arraycopy(statePrefix, 0, out, 0, statePrefix.length);
        putInt(out, statePrefix.length, key.length);
        System.arraycopy(key, 0, out, statePrefix.length + 4, key.length);
        System.arraycopy(mapKey, 0, out, statePrefix.length + 4 + key.length, mapKey.length);
        return out;
    }

    /** The key part of a state entry's store key. */
    static byte[] keyOfStateEntry(int statePrefixLength, byte[] storeKey) {
        int length = getInt(storeKey, statePrefixLength);
        byte[] key = new byte[length];
        System.arraycopy(storeKey, statePrefixLength + 4, key, 0, length);
        return key;
    }

    /** The map-key part of a map entry's store key. */
    static byte[] mapKeyOfEntry(int statePrefixLength, byte[] storeKey) {
        int keyLength = getInt(storeKey, statePrefixLength);
        int start = statePrefixLength + 4 + keyLength;
        byte[] mapKey = new byte[storeKey.length - start];
        System.arraycopy(storeKey, start, mapKey, 0, mapKey.length);
        return mapKey;
    }

    static byte[] timerPrefix(byte domain) {
        return new byte[] {TIMER, domain};
    }

    static byte[] timerKey(byte domain, long time, byte[] key) {
        byte[] out = new byte[2 + 8 + key.length];
        out[0] = TIMER;
        out[1] = domain;
        putLong(out, 2, time ^ Long.MIN_VALUE);
        System.arraycopy(key, 0, out, 10, key.length);
        return out;
    }

    static long timerTime(byte[] timerKey) {
        return getLong(timerKey, 2) ^ Long.MIN_VALUE;
    }

    static byte[] timerKeyBytes(byte[] timerKey) {
        byte[] key = new byte[timerKey.length - 10];
        System.arraycopy(timerKey, 10, key, 0, key.length);
        return key;
    }

    static byte[] taskMetaKey(String name) {
        return concat(new byte[] {TASK_META}, utf8(name));
    }


    static byte[] longBytes(long value) {
        byte[] out = new byte[8];
        putLong(out, 0, value);
        return out;
    }

    static long readLong(byte[] bytes) {
        return getLong(bytes, 0);
    }

    static void putLong(byte[] out, int at, long value) {
        for (int i = 7; i >= 0; i--) {
            out[at + i] = (byte) value;
            value >>>= 8;
        }
    }

    static long getLong(byte[] in, int at) {
        long value = 0;
        for (int i = 0; i < 8; i++) {
            value = (value << 8) | (in[at + i] & 0xFF);
        }
        return value;
    }

    static void putInt(byte[] out, int at, int value) {
        out[at] = (byte) (value >>> 24);
        out[at + 1] = (byte) (value >>> 16);
        out[at + 2] = (byte) (value >>> 8);
        out[at + 3] = (byte) value;
    }

    static int getInt(byte[] in, int at) {
        return ((in[at] & 0xFF) << 24) | ((in[at + 1] & 0xFF) << 16) | ((in[at + 2] & 0xFF) << 8) | (in[at + 3] & 0xFF);
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
