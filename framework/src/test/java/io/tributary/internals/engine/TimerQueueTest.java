package io.tributary.internals.engine;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.tributary.internals.state.StoreBatch;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TimerQueueTest {

    private final AtomicInteger decoded = new AtomicInteger();
    private final TimerQueue queue = new TimerQueue(StreamTask.EVENT_TIME, bytes -> {
        decoded.incrementAndGet();
        return new String(bytes, StandardCharsets.UTF_8);
    });

    @Test
    void loggedAndUnloggedTimersFireInOneTimeOrder() {
        queue.register(30, "c", bytes("c"));
        queue.registerUnlogged(10, bytes("a"));
        queue.registerUnlogged(40, bytes("d"));
        queue.register(20, "b", bytes("b"));
        queue.registerUnlogged(20, bytes("a"));
        assertThat(queue.size()).isEqualTo(5);
        assertThat(queue.nextTime()).isEqualTo(10);

        List<String> fired = new ArrayList<>();
        DueTimer timer;
        while ((timer = queue.pollDue(35)) != null) {
            fired.add(timer.time + ":" + new String(timer.keyBytes, StandardCharsets.UTF_8)
                    + (timer.logged ? "" : " unlogged"));
        }
        assertThat(fired).containsExactly("10:a unlogged", "20:a unlogged", "20:b", "30:c");
        assertThat(queue.nextTime()).isEqualTo(40);
        assertThat(queue.size()).isEqualTo(1);
    }

    @Test
    void anUnloggedTimerFiresWithItsOwnKeyBytesInAnArrayKeptForTheirLength() {
        byte[] longKey = new byte[TimerQueue.MAX_REUSED_KEY_BYTES + 1];
        longKey[0] = 'x';
        queue.registerUnlogged(10, bytes("ab"));
        queue.registerUnlogged(20, bytes("cd"));
        queue.registerUnlogged(30, bytes("efg"));
        queue.registerUnlogged(40, longKey);
        queue.registerUnlogged(50, longKey);

        byte[] first = queue.pollDue(10).keyBytes;
        assertThat(first).isEqualTo(bytes("ab"));
        byte[] second = queue.pollDue(20).keyBytes;
        assertThat(second).isEqualTo(bytes("cd")).isSameAs(first);
        assertThat(queue.pollDue(30).keyBytes).isEqualTo(bytes("efg"));
        byte[] firstLong = queue.pollDue(40).keyBytes;
        assertThat(firstLong).isEqualTo(longKey);
        assertThat(queue.pollDue(50).keyBytes).as("a long key's array is its own").isEqualTo(longKey)
                .isNotSameAs(firstLong);
    }

    @Test
    void unloggedTimersNeverReachTheBatch() {
        queue.registerUnlogged(10, bytes("a"));
        queue.register(20, "b", bytes("b"));
        StoreBatch batch = new StoreBatch();
        queue.flushTo(batch);
        assertThat(batch.size()).as("only the logged timer").isEqualTo(1);
    }

    @Test
    void anUnloggedTimerEqualToALoggedOneIsNotAddedTwice() {
        queue.register(10, "a", bytes("a"));
        queue.registerUnlogged(10, bytes("a"));
        assertThat(queue.size()).isEqualTo(1);
        assertThat(queue.pollDue(10).logged).isTrue();
        assertThat(queue.pollDue(10)).isNull();
    }

    @Test
    void aLoggedTimerRegisteredAfterAnEqualUnloggedOneFiresOnce() {
        queue.registerUnlogged(10, bytes("a"));
        queue.registerUnlogged(10, bytes("b"));
        queue.register(10, "a", bytes("a"));

        DueTimer first = queue.pollDue(10);
        assertThat(first.logged).isTrue();
        assertThat(first.keyBytes).isEqualTo(bytes("a"));
        DueTimer second = queue.pollDue(10);
        assertThat(second.keyBytes).isEqualTo(bytes("b"));
        assertThat(queue.pollDue(10)).isNull();
        assertThat(queue.size()).isZero();
    }

    @Test
    void anUnloggedTimerFiresAsKeyBytesWithoutDecodingItsKey() {
        queue.registerUnlogged(10, bytes("a"));
        queue.register(20, "b", bytes("b"));

        DueTimer unlogged = queue.pollDue(20);
        assertThat(unlogged.key).as("left for the task to decode if its function asks").isNull();
        assertThat(unlogged.keyBytes).isEqualTo(bytes("a"));
        DueTimer logged = queue.pollDue(20);
        assertThat(logged.key).isEqualTo("b");
        assertThat(decoded).as("no key decoded").hasValue(0);
    }

    @Test
    void aKeyContextSetAsBytesDecodesItsKeyOnceAndOnlyWhenAsked() {
        KeyContext keyContext = new KeyContext();
        keyContext.setBytes(bytes("a"), bytes -> {
            decoded.incrementAndGet();
            return new String(bytes, StandardCharsets.UTF_8);
        });
        assertThat(keyContext.keyBytes()).isEqualTo(bytes("a"));
        assertThat(decoded).hasValue(0);

        assertThat(keyContext.key()).isEqualTo("a");
        assertThat(keyContext.key()).isEqualTo("a");
        assertThat(decoded).hasValue(1);
        keyContext.set("b", bytes("b"));
        assertThat(keyContext.key()).isEqualTo("b");
    }

    private static byte[] bytes(String key) {
        return key.getBytes(StandardCharsets.UTF_8);
    }
}
