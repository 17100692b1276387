package org.yizhan.http;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.encoder.EncoderBase;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.slf4j.LoggerFactory;

/**
 * The log's line format ({@code YIZHAN_LOG_FORMAT}): {@code text} (logback.xml's pattern) or {@code json},
 * one JSON object a line: {@code time} (ISO-8601 UTC), {@code level}, {@code logger}, {@code thread},
 * {@code message}, the request's MDC fields ({@code request_id}; for the access log also {@code method},
 * {@code path}, {@code status}, {@code duration_ms}) and, for a failure, {@code error} with its stack
 * trace. Switches the console appender of logback.xml ({@code STDOUT}) in place.
 */
public final class LogFormat {
    static final String APPENDER = "STDOUT";
    /** logback.xml's pattern, for switching back (tests). */
    static final String TEXT_PATTERN = "%d{HH:mm:ss.SSS} %-5level %logger{20} - %msg%n";

    private LogFormat() {}

    /** Uses {@code format} ({@code text} or {@code json}) for every line from now on. */
    public static synchronized void use(String format) {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return; // another logging backend (none in this build): it keeps its own format
        }
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        if (!(root.getAppender(APPENDER) instanceof OutputStreamAppender<ILoggingEvent> appender)) {
            return;
        }
        Encoder<ILoggingEvent> encoder;
        if ("json".equals(format)) {
            encoder = new JsonLines();
        } else {
            PatternLayoutEncoder pattern = new PatternLayoutEncoder();
            pattern.setPattern(TEXT_PATTERN);
            encoder = pattern;
        }
        encoder.setContext(context);
        encoder.start();
        appender.stop();
        appender.setEncoder(encoder);
        appender.start();
    }

    /** One JSON object per event, newline-terminated, UTF-8. */
    static final class JsonLines extends EncoderBase<ILoggingEvent> {
        private static final byte[] NOTHING = new byte[0];
        /** MDC fields written as JSON numbers. */
        private static final java.util.Set<String> NUMBERS = java.util.Set.of("status", "duration_ms");

        @Override
        public byte[] headerBytes() {
            return NOTHING;
        }

        @Override
        public byte[] encode(ILoggingEvent event) {
            JsonObject line = new JsonObject()
                    .put("time", Instant.ofEpochMilli(event.getTimeStamp()).toString())
                    .put("level", event.getLevel().toString())
                    .put("logger", event.getLoggerName())
                    .put("thread", event.getThreadName())
                    .put("message", event.getFormattedMessage());
            event.getMDCPropertyMap()
                    .forEach((k, v) -> line.put(
                            k, NUMBERS.contains(k) && v.matches("-?\\d{1,18}") ? (Object) Long.parseLong(v) : v));
            IThrowableProxy error = event.getThrowableProxy();
            if (error != null) {
                line.put("error", ThrowableProxyUtil.asString(error));
            }
            return (line.encode() + "\n").getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public byte[] footerBytes() {
            return NOTHING;
        }
    }
}
