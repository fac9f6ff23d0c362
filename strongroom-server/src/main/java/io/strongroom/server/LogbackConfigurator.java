package io.strongroom.server;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * The default logging set-up, in code rather than {@code logback.xml}: reading XML pulls in logback's Joran
 * machinery and the JDK's XML parser, about 100 ms on the server's start-up path. Vault-like standard lines on
 * stderr, Jetty and the AWS SDK at WARN (Jetty's DEBUG output would show request headers, tokens among them).
 * {@link LogSetup} then applies {@code log_level} and {@code log_format}. Registered in
 * {@code META-INF/services/ch.qos.logback.classic.spi.Configurator}.
 */
public final class LogbackConfigurator extends ContextAwareBase implements Configurator {

    static final String PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} [%level] %logger{0}: %msg%n";

    @Override
    public ExecutionStatus configure(LoggerContext ctx) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(ctx);
        encoder.setPattern(PATTERN);
        encoder.start();
        ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
        appender.setContext(ctx);
        appender.setName("STDERR");
        appender.setTarget("System.err");
        appender.setEncoder(encoder);
        appender.start();
        ch.qos.logback.classic.Logger root = ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.INFO);
        root.addAppender(appender);
        ctx.getLogger("org.eclipse.jetty").setLevel(Level.WARN);
        ctx.getLogger("software.amazon.awssdk").setLevel(Level.WARN);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }
}
