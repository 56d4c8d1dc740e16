package io.tributary.internals.runtime;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Run in a child JVM by {@link StateDirectoryLockTest}: locks the directory given as its argument, prints
 * {@code locked}, and holds it until its standard input closes (or it is killed).
 */
public final class LockHoldingProcess {

    static final String LOCKED = "locked";

    private LockHoldingProcess() {
    }

    public static void main(String[] args) throws Exception {
        try (StateDirectoryLock lock = StateDirectoryLock.acquire(Path.of(args[0]))) {
            System.out.println(LOCKED);
            System.out.flush();
            System.in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        catch (IllegalStateException ex) {
            System.out.write((ex.getMessage() + "\n").getBytes(StandardCharsets.UTF_8));
            System.out.flush();
            System.exit(2);
        }
    }
}
