package dev.signet.logging;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.AsyncAppenderBase;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import dev.signet.config.SignetConfig.LogFormat;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import net.logstash.logback.encoder.LogstashEncoder;
import org.slf4j.LoggerFactory;

/**
 * Switches the console log to JSON (logstash field names: {@code @timestamp}, {@code level},
 * {@code logger_name}, {@code thread_name}, {@code message}, {@code stack_trace}, and the MDC's
 * {@code requestId}) by giving the root logger's stream appenders a JSON encoder; the access log
 * writes through the same appender. Logging is per process, so this is too: {@link #apply} returns
 * what puts the previous encoders back.
 */
public final class ConsoleLogFormat {
    /** Has appenders of its own in logback.xml (not additive). */
    private static final String ACCESS_LOGGER = "signet.access";

    private ConsoleLogFormat() {
    }

    /** Undoes {@link #apply}. */
    public interface Restore extends AutoCloseable {
        @Override
        void close();
    }

    public static Restore apply(LogFormat format) {
        if (format != LogFormat.JSON || !(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return () -> { };
        }
        Map<OutputStreamAppender<ILoggingEvent>, Encoder<ILoggingEvent>> previous = new IdentityHashMap<>();
        Map<OutputStreamAppender<ILoggingEvent>, Encoder<ILoggingEvent>> installed = new IdentityHashMap<>();
        List<OutputStreamAppender<ILoggingEvent>> appenders = new ArrayList<>();
        collect(context.getLogger(Logger.ROOT_LOGGER_NAME).iteratorForAppenders(), appenders);
        collect(context.getLogger(ACCESS_LOGGER).iteratorForAppenders(), appenders);
        for (OutputStreamAppender<ILoggingEvent> appender : appenders) {
            if (appender.getEncoder() instanceof LogstashEncoder) {
                continue; // already JSON (another node in this JVM): that node puts it back
            }
            LogstashEncoder json = new LogstashEncoder();
            json.setContext(context);
            json.start();
            previous.put(appender, appender.getEncoder());
            installed.put(appender, json);
            appender.setEncoder(json);
        }
        return () -> installed.forEach((appender, json) -> {
            // Only what this call installed and nobody has changed since.
            if (appender.getEncoder() == json) {
                appender.setEncoder(previous.get(appender));
                json.stop();
            }
        });
    }

    /** Appenders that write to a stream, including those behind an asynchronous appender, each once. */
    private static void collect(Iterator<Appender<ILoggingEvent>> appenders, List<OutputStreamAppender<ILoggingEvent>> out) {
        while (appenders.hasNext()) {
            Appender<ILoggingEvent> a = appenders.next();
            if (a instanceof OutputStreamAppender<ILoggingEvent> stream && !out.contains(stream)) {
                out.add(stream);
            } else if (a instanceof AsyncAppenderBase<ILoggingEvent> async) {
                collect(async.iteratorForAppenders(), out);
            }
        }
    }
}
