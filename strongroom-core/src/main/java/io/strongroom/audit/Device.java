package io.strongroom.audit;

import java.io.IOException;

/** Where audit entries go: one call per entry, one line each. */
public interface Device extends AutoCloseable {

    /**
     * Writes one entry (already formatted, without the line end).
     *
     * @throws IOException when the entry could not be written
     */
    void write(String entry) throws IOException;

    /** Closes and opens the destination again (log rotation, SIGHUP). */
    void reopen() throws IOException;

    @Override
    void close();
}
