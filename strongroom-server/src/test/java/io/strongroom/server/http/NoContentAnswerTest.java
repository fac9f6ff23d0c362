package io.strongroom.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Answers without a body (204, HEAD) after a body was read, many times on one keep-alive connection: each must
 * complete cleanly, with nothing logged by Jetty. The fuzz test found a Jetty assertion failure (WARN
 * "Serialized invocation error") when a 204 completed the handler callback from inside a body-read callback.
 */
class NoContentAnswerTest {

    @Test
    void seal_manyWithBodiesOnOneConnection_all204AndNothingLogged() throws Exception {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> captured = new ListAppender<>();
        captured.start();
        root.addAppender(captured);
        try (HttpFixture f = new HttpFixture(FakeLifecycle.awsKms().unsealedWith5of3())) {
            for (int i = 0; i < 200; i++) {
                f.lifecycle.sealed = false;
                HttpResponse<String> seal = f.put("/v1/sys/seal", "{\"x\":" + i + "}",
                        "X-Vault-Token", FakeLifecycle.ROOT_TOKEN);
                assertThat(seal.statusCode()).isEqualTo(204);
                assertThat(f.send("HEAD", "/v1/sys/health", null).statusCode()).isEqualTo(503);
            }
        } finally {
            root.detachAppender(captured);
        }
        assertThat(captured.list).noneMatch(e -> e.getLevel().isGreaterOrEqual(Level.WARN));
    }
}
