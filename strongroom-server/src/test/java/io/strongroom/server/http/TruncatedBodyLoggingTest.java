package io.strongroom.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Clients that declare a body they never send (issue #6 item 8): before the fix each such request logged a
 * 40-line stack trace at ERROR, so anyone could fill the log without a token. Real listener, real sockets.
 */
class TruncatedBodyLoggingTest {

    private static final int REQUESTS = 50;

    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final Logger handlerLog = (Logger) LoggerFactory.getLogger(ApiHandler.class);
    private final ListAppender<ILoggingEvent> captured = new ListAppender<>();
    private Level handlerLevel;

    @BeforeEach
    void captureLogs() {
        captured.start();
        root.addAppender(captured);
        // the one line per aborted body is at DEBUG: let it through so the test sees it is there and short
        handlerLevel = handlerLog.getLevel();
        handlerLog.setLevel(Level.DEBUG);
    }

    @AfterEach
    void releaseLogs() {
        handlerLog.setLevel(handlerLevel);
        root.detachAppender(captured);
        captured.stop();
    }

    @Test
    void truncatedBodies_clientCloses_logOneDebugLineEachAndNoStackTrace() throws Exception {
        try (HttpFixture f = new HttpFixture(FakeLifecycle.awsKms())) {
            int port = f.server.port(0);
            for (int i = 0; i < REQUESTS; i++) {
                String path = i % 2 == 0 ? "/v1/sys/unseal" : "/v1/sys/init";
                try (Socket socket = RawHttp.connect(port, 5_000)) {
                    socket.getOutputStream().write(RawHttp.head("PUT", path, "Content-Length: 1000",
                            "Content-Type: application/json"));
                    socket.getOutputStream().write("{\"key\":\"ab".getBytes(StandardCharsets.US_ASCII));
                    socket.getOutputStream().flush();
                    // half-close: the server sees end-of-stream 990 bytes early
                    socket.shutdownOutput();
                    RawHttp.readAll(socket.getInputStream());
                }
            }
            // the server is still fine, and the next request is logged normally
            assertThat(f.get("/v1/sys/health").statusCode()).isEqualTo(501);
            awaitDebugLines(REQUESTS);
        }
        List<ILoggingEvent> events = List.copyOf(captured.list);
        assertThat(events).as("nothing at WARN or ERROR").noneMatch(e -> e.getLevel().isGreaterOrEqual(Level.WARN));
        assertThat(events).as("no stack traces").allMatch(e -> e.getThrowableProxy() == null);
        assertThat(events.stream().filter(this::isAbortLine).count()).isEqualTo(REQUESTS);
        assertThat(events.stream().filter(this::isAbortLine))
                .allMatch(e -> e.getLevel() == Level.DEBUG && !e.getFormattedMessage().contains("\n"));
        assertThat(f(events)).doesNotContain("{\"key\"").doesNotContain("\"ab");
    }

    private boolean isAbortLine(ILoggingEvent e) {
        return e.getLoggerName().equals(ApiHandler.class.getName())
                && e.getFormattedMessage().contains("request body not received");
    }

    private static String f(List<ILoggingEvent> events) {
        StringBuilder sb = new StringBuilder();
        events.forEach(e -> sb.append(e.getFormattedMessage()).append('\n'));
        return sb.toString();
    }

    /** The aborted requests finish on the server after the client has gone: wait (bounded) for their lines. */
    private void awaitDebugLines(int expected) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (List.copyOf(captured.list).stream().filter(this::isAbortLine).count() >= expected) {
                return;
            }
            Thread.sleep(20);
        }
    }
}
