package io.tributary.internals.runtime;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An exclusive hold on an application's state directory ({@code <state-dir>/<application-id>}), through an OS file
 * lock on its {@code .lock} file: at most one runtime, in any process, uses the directory at a time.
 *
 * <p>Why: the directory holds the instance's generated id, hence its transactional ids, and its RocksDB stores. Two
 * live runtimes sharing it would fence each other's producers in turn, or fail later on RocksDB's own lock with an
 * error that names neither the cause nor the fix. A lock held for the runtime's lifetime turns that into a start-up
 * failure naming {@code tributary.state-dir}. The OS releases it when the process dies, so a crash leaves no stale
 * lock behind.
 *
 * <p>A file lock belongs to the whole JVM, and on Linux closing any channel to the file releases it, so holds within
 * this JVM are also tracked in a set, checked before a channel is opened. Thread-safe; {@link #close()} releases.
 */
public final class StateDirectoryLock implements AutoCloseable {

    /** The file, in the application's state directory, that is locked. */
    public static final String FILE = ".lock";

    private static final Set<Path> HELD_HERE = ConcurrentHashMap.newKeySet();

    private final Path directory;
    private final FileChannel channel;
    private final FileLock lock;

    private StateDirectoryLock(Path directory, FileChannel channel, FileLock lock) {
        this.directory = directory;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Locks {@code directory}, creating it when missing.
     *
     * @throws InUseException naming {@code tributary.state-dir} and the fix, when another runtime holds it
     * @throws IOException when the directory or its lock file cannot be created or locked
     */
    public static StateDirectoryLock acquire(Path directory) throws IOException {
        return acquire(directory, FileChannel::tryLock);
    }

    /** How the lock is tried: {@link FileChannel#tryLock()}, or a stand-in for a file system without locks in tests. */
    @FunctionalInterface
    interface LockAttempt {
        FileLock tryLock(FileChannel channel) throws IOException;
    }

    /** As {@link #acquire(Path)}, locking through {@code attempt}. */
    static StateDirectoryLock acquire(Path directory, LockAttempt attempt) throws IOException {
        Files.createDirectories(directory);
        Path key = directory.toRealPath();
        if (!HELD_HERE.add(key)) {
            throw inUse(key, "another Tributary runtime in this JVM");
        }
        FileChannel channel = null;
        try {
            channel = FileChannel.open(key.resolve(FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = attempt.tryLock(channel);
            }
            catch (IOException ex) {
                // the file exists and is open for writing, so the locking itself failed: ENOLCK, EOPNOTSUPP, ...
                throw new LockUnsupportedException("cannot lock " + key.resolve(FILE) + " (" + ex.getMessage()
                        + "): the file system of the state directory does not support file locks (an NFS mount "
                        + "without a lock service, some FUSE or SMB mounts); put tributary.state-dir on a file "
                        + "system that does, such as a local disk or a Kubernetes volume backed by one", ex);
            }
            if (lock == null) {
                throw inUse(key, "another process");
            }
            return new StateDirectoryLock(key, channel, lock);
        }
        catch (OverlappingFileLockException ex) {
            // Locked in this JVM through a path the set does not know (e.g. a bind mount of the directory). The
            // channel stays open: closing it would release the other holder's lock too.
            HELD_HERE.remove(key);
            throw inUse(key, "another channel in this JVM");
        }
        catch (IOException | RuntimeException ex) {
            closeQuietly(channel);
            HELD_HERE.remove(key);
            throw ex;
        }
    }

    /** Releases the directory; once only, later calls do nothing. */
    @Override
    public synchronized void close() {
        if (!channel.isOpen()) {
            return;
        }
        try {
            lock.release();
        }
        catch (IOException ex) {
            // Closing the channel below releases it as well.
        }
        closeQuietly(channel);
        HELD_HERE.remove(directory);
    }

    private static InUseException inUse(Path directory, String holder) {
        return new InUseException("the state directory " + directory + " is in use by " + holder + " (it holds "
                + directory.resolve(FILE) + "); two instances cannot share one, since they would share its instance id "
                + "and its RocksDB stores: give each instance its own tributary.state-dir");
    }

    /** The state directory's file system cannot lock files, so exclusive use cannot be ensured. */
    public static final class LockUnsupportedException extends IllegalStateException {

        private static final long serialVersionUID = 1L;

        LockUnsupportedException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The directory is held by another runtime, in this JVM or another process. */
    public static final class InUseException extends IllegalStateException {

        private static final long serialVersionUID = 1L;

        InUseException(String message) {
            super(message);
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel == null) {
            return;
        }
        try {
            channel.close();
        }
        catch (IOException ex) {
            // nothing held through it is kept
        }
    }
}
