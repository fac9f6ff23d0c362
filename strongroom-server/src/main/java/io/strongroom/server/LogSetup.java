package io.strongroom.server;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.encoder.EncoderBase;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * Applies {@code log_level} and {@code log_format} to logback at start-up.
 *
 * <p>{@code standard}: {@code 2026-11-28T16:00:00.000Z [INFO] CoreLifecycle: core: vault is unsealed}.
 * {@code json}: one object a line with Vault's keys, {@code {"@level":"info","@message":"...","@module":"...",
 * "@timestamp":"..."}} (vault-compat: hclog's JSON format), for log shippers.
 */
final class LogSetup {

    private LogSetup() {}

    static void configure(String level, String format) {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext ctx)) {
            return; // another slf4j backend: leave it alone
        }
        Logger root = ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(toLevel(level));
        if (!"json".equalsIgnoreCase(format)) {
            return;
        }
        root.detachAndStopAllAppenders();
        ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
        appender.setContext(ctx);
        appender.setTarget("System.err");
        Encoder<ILoggingEvent> encoder = new JsonLineEncoder();
        encoder.setContext(ctx);
        encoder.start();
        appender.setEncoder(encoder);
        appender.start();
        root.addAppender(appender);
    }

    private static Level toLevel(String level) {
        if (level == null) {
            return Level.INFO;
        }
        return switch (level.toLowerCase(Locale.ROOT)) {
            case "trace" -> Level.TRACE;
            case "debug" -> Level.DEBUG;
            case "warn" -> Level.WARN;
            case "error" -> Level.ERROR;
            default -> Level.INFO;
        };
    }

    /** One JSON object per event, Vault's field names. */
    static final class JsonLineEncoder extends EncoderBase<ILoggingEvent> {
        private static final ObjectMapper JSON = new ObjectMapper();

        @Override
        public byte[] headerBytes() {
            return new byte[0];
        }

        @Override
        public byte[] encode(ILoggingEvent event) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("@level", event.getLevel().toString().toLowerCase(Locale.ROOT));
            m.put("@message", event.getFormattedMessage());
            String name = event.getLoggerName();
            m.put("@module", name.substring(name.lastIndexOf('.') + 1));
            m.put("@timestamp", Instant.ofEpochMilli(event.getTimeStamp()).toString());
            if (event.getThrowableProxy() != null) {
                m.put("error", event.getThrowableProxy().getClassName() + ": " + event.getThrowableProxy().getMessage());
            }
            try {
                return (JSON.writeValueAsString(m) + "\n").getBytes(StandardCharsets.UTF_8);
            } catch (JsonProcessingException e) {
                return ("{\"@level\":\"error\",\"@message\":\"log encoding failed\"}\n").getBytes(StandardCharsets.UTF_8);
            }
        }

        @Override
        public byte[] footerBytes() {
            return new byte[0];
        }
    }

}
