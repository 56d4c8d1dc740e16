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
    void timersFireInTimeOrderThenByKeyBytesUpToTheTimeGiven() {
        queue.register(30, "c", bytes("c"));
        queue.register(20, "b", bytes("b"));
        queue.register(20, "a", bytes("a"));
        queue.register(10, "d", bytes("d"));

        List<String> fired = new ArrayList<>();
        Timer timer;
        while ((timer = queue.pollDue(25)) != null) {
            fired.add(timer.time + ":" + timer.key);
        }

        assertThat(fired).containsExactly("10:d", "20:a", "20:b");
        assertThat(queue.nextTime()).isEqualTo(30);
        assertThat(queue.size()).isEqualTo(1);
    }

    @Test
    void aTimerRegisteredTwiceFiresOnceAndADeletedOneNotAtAll() {
        queue.register(10, "a", bytes("a"));
        queue.register(10, "a", bytes("a"));
        queue.register(10, "b", bytes("b"));
        queue.delete(10, bytes("b"));

        assertThat(queue.pollDue(10).key).isEqualTo("a");
        assertThat(queue.pollDue(10)).isNull();
        assertThat(queue.nextTime()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void aTimerRegisteredAndGoneBetweenTwoFlushesNeverReachesTheBatch() {
        queue.register(10, "a", bytes("a"));
        queue.register(20, "b", bytes("b"));
        queue.delete(10, bytes("a"));
        StoreBatch first = new StoreBatch();
        queue.flushTo(first);
        assertThat(first.size()).as("only b's registration").isEqualTo(1);
        assertThat(first.value(0)).isNotNull();

        assertThat(queue.pollDue(20).key).isEqualTo("b");
        StoreBatch second = new StoreBatch();
        queue.flushTo(second);
        assertThat(second.size()).as("b's deletion").isEqualTo(1);
        assertThat(second.value(0)).isNull();
        assertThat(queue.dirtyCount()).isZero();
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
