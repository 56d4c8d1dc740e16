package io.tributary.internals.engine;

/**
 * The key a task is processing right now, as the object the function sees and as the bytes that address
 * its state and timers (serialized once per record, shared by every state access of that record).
 */
final class KeyContext {

    private Object key = "";
    private byte[] keyBytes = new byte[0];

    void set(Object key, byte[] keyBytes) {
        this.key = key;
        this.keyBytes = keyBytes;
    }

    Object key() {
        return key;
    }

    byte[] keyBytes() {
        return keyBytes;
    }
}
