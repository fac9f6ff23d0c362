package io.strongroom.storage;

import java.nio.file.Path;
import java.util.Random;

/**
 * Run in a child JVM by {@link FileStorageCrashTest}: writes (and sometimes deletes) self-checking values in a loop
 * until it is killed. Prints {@code READY} after its first write so the parent knows writing has begun.
 */
public final class FileStorageCrashWriter {

    private FileStorageCrashWriter() {
    }

    public static void main(String[] args) {
        FileStorage storage = new FileStorage(Path.of(args[0]));
        Random rnd = new Random(Long.parseLong(args[1]));
        boolean announced = false;
        for (long i = 0; ; i++) {
            String key = "crash/d" + rnd.nextInt(8) + "/k" + rnd.nextInt(40);
            if (rnd.nextInt(10) == 0) {
                storage.delete(key);
            } else {
                storage.put(key, StorageContract.selfChecking(rnd, 64 * 1024));
            }
            if (!announced) {
                System.out.println("READY");
                System.out.flush();
                announced = true;
            }
        }
    }
}
