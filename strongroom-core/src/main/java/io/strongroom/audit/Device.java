package io.strongroom.audit;

import java.io.IOException;

/** Where audit entries go: one call per entry, one line each. */
public interface Device extends AutoCloseable {

    /**
     * Writes one entry: a whole line, already formatted, UTF-8, ending in {@code '\n'}. Returns only once the line
     * has been handed to the operating system (write(2) done), never while it is only buffered in this process.
     *
     * @throws IOException when the entry could not be written
     */
    void write(byte[] line) throws IOException;

    /** Closes and opens the destination again (log rotation, SIGHUP). */
    void reopen() throws IOException;

    @Override
    void close();
}
