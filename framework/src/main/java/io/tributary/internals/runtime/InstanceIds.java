package io.tributary.internals.runtime;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The instance id of a runtime not given {@code tributary.instance-id}: generated once and kept in its state
 * directory ({@code <state-dir>/<application-id>/.instance-id}).
 *
 * <p>Why: an instance's transactional ids derive from its id, so the id must be unique among the live instances (two
 * alike fence each other's producers in turn, and the state query cannot tell them apart) and the same after a
 * restart (the new producers then fence the old ones and abort their open transaction at once, instead of leaving it
 * to block {@code read_committed} readers until the transaction timeout). The host name is neither: unset outside
 * containers (every such instance was once {@code "instance"}), and shared by instances on one host. The state
 * directory is what makes an instance the same one across restarts, since it holds the local state it resumes from,
 * and two live instances cannot share one. Zombie fencing does not depend on the id: commits carry the consumer
 * group's generation.
 */
public final class InstanceIds {

    /** The file, in the application's state directory, that keeps the generated id. */
    public static final String FILE = ".instance-id";

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,100}");
    private static final int HOST_PREFIX_LENGTH = 80;

    private InstanceIds() {
    }

    /**
     * The id kept in {@code directory}, created there (as the host name, when the environment gives one, and a
     * random suffix) when there is none yet. Generated under the directory's {@link StateDirectoryLock}, so instances
     * started at once on a new directory cannot each generate and use their own id; the lock is released on return
     * (the runtime takes it again for its lifetime). While a running instance holds the directory its id is read
     * as it is: that instance's lock keeps a second runtime from being created with it.
     *
     * @throws IllegalStateException naming the properties and the fix, when the directory cannot hold the id, or
     *         when another instance holds the directory and has kept no id there
     */
    public static String kept(Path directory) {
        Path file = directory.resolve(FILE);
        try {
            StateDirectoryLock lock;
            try {
                lock = StateDirectoryLock.acquire(directory);
            }
            catch (StateDirectoryLock.InUseException inUse) {
                if (Files.exists(file)) {
                    return read(file);
                }
                throw inUse;
            }
            try (lock) {
                if (!Files.exists(file)) {
                    Path temp = Files.createTempFile(directory, FILE, ".tmp");
                    Files.writeString(temp, generate() + "\n", StandardCharsets.UTF_8);
                    Files.move(temp, file);
                }
                return read(file);
            }
        }
        catch (IOException ex) {
            throw new IllegalStateException("tributary.instance-id is not set and cannot be kept in " + file + " ("
                    + ex + "); make tributary.state-dir a writable directory, or set tributary.instance-id to a name "
                    + "unique to this instance and the same across its restarts (e.g. the pod name)", ex);
        }
    }

    private static String read(Path file) throws IOException {
        String id = Files.readString(file, StandardCharsets.UTF_8).strip();
        if (!ID.matcher(id).matches()) {
            throw new IllegalStateException("tributary.instance-id is not set and " + file + " holds no valid "
                    + "instance id ('" + id + "'); delete the file to generate a new one, or set tributary.instance-id");
        }
        return id;
    }

    private static String generate() {
        String host = System.getenv("HOSTNAME");
        String prefix = host != null && ID.matcher(host).matches() ? host : "instance";
        if (prefix.length() > HOST_PREFIX_LENGTH) {
            prefix = prefix.substring(0, HOST_PREFIX_LENGTH);
        }
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
