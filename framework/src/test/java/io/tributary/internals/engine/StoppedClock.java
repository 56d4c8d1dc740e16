package io.tributary.internals.engine;

/** A task clock standing at epoch 0, watermark included: for state tests that do not depend on time. */
final class StoppedClock implements TaskClock {

    @Override
    public long watermark() {
        return 0;
    }

    @Override
    public long processingTime() {
        return 0;
    }

    @Override
    public long currentTimestamp() {
        return 0;
    }
}
