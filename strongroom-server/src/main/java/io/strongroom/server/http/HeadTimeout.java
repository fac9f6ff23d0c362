package io.strongroom.server.http;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * Vault's {@code http_read_header_timeout}: closes a new connection that has not delivered one whole request head
 * within the timeout.
 *
 * <p>Why: Jetty's idle timeout only fires when no byte arrives for that long, so a client trickling a header byte
 * every few seconds (slowloris) would keep its connection open for ever; thousands of such connections exhaust
 * file descriptors. Jetty has no header-read deadline of its own, so this listener, added to a connector as a
 * bean (Jetty adds a connector's listener beans to every connection it opens), schedules one per connection.
 * Only the HTTP connection counts requests: {@code getMessagesIn()} is 0 until a request head is parsed, while a
 * TLS connection below it reports -1 and is left alone (closing the end point of the HTTP one closes it too).
 * Later requests on a kept-alive connection are bounded by the idle timeout instead.
 */
final class HeadTimeout implements Connection.Listener {

    private final long millis;
    private final Scheduler scheduler;

    HeadTimeout(Duration timeout, Scheduler scheduler) {
        this.millis = timeout.toMillis();
        this.scheduler = scheduler;
    }

    @Override
    public void onOpened(Connection connection) {
        if (connection.getMessagesIn() != 0) {
            return;
        }
        scheduler.schedule(() -> {
            if (connection.getMessagesIn() == 0 && connection.getEndPoint().isOpen()) {
                connection.getEndPoint().close(
                        new TimeoutException("request head not received within http_read_header_timeout"));
            }
        }, millis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void onClosed(Connection connection) {
        // nothing to release: a check still scheduled finds the end point closed and does nothing
    }
}
