package io.tributary.internals.engine;

/**
 * Stops a {@link RecordExtractor} scanning records' bytes for a while when most of them fall back to the tree anyway
 * (a key field often missing or escaped, a time often in a form the scanner leaves to the parser): each such record
 * cost a scan and then a parse. A scan costs about a quarter of a parse, so scanning pays while at most three records
 * in four fall back; past that, records are parsed without a scan for {@link #PAUSE} records, then scanned again in
 * case the stream changed. Which path reads a record never changes the result, only its cost. Single-threaded.
 */
final class ScanFallbacks {

    /** The records judged together. */
    static final int WINDOW = 1024;
    /** The records read without a scan once a window fell back too often. */
    static final int PAUSE = 64 * 1024;

    private int seen;
    private int fellBack;
    private int paused;

    /** Whether to scan the next record; counts it towards the pause when not. */
    boolean scanNext() {
        if (paused == 0) {
            return true;
        }
        paused--;
        return false;
    }

    /** Records whether a scanned record was read from its bytes ({@code false}: it fell back to the tree). */
    void scanned(boolean read) {
        seen++;
        if (!read) {
            fellBack++;
        }
        if (seen == WINDOW) {
            if (4 * fellBack > 3 * WINDOW) {
                paused = PAUSE;
            }
            seen = 0;
            fellBack = 0;
        }
    }
}
