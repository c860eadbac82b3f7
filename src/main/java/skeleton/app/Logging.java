package skeleton.app;

import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;

/**
 * Applies LOGGING_LEVEL, spelled as in the original (CRITICAL, WARNING, NOTSET also accepted), to the root logger,
 * and LOG_FORMAT=json: one JSON object per line (logback's own JsonEncoder), its {@code mdc} naming the worker and,
 * on the lines about one group, its id.
 */
final class Logging {

    private Logging() {
    }

    /** What the libraries log through java.util.logging (the OpenTelemetry SDK) goes to the worker's log lines. */
    static void bridgeJavaUtilLogging() {
        if (!SLF4JBridgeHandler.isInstalled()) {
            SLF4JBridgeHandler.removeHandlersForRootLogger();
            SLF4JBridgeHandler.install();
        }
    }

    /** The console's lines become JSON objects, from now on. */
    static void useJson() {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return;
        }
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        if (root.getAppender("CONSOLE") instanceof ConsoleAppender<ILoggingEvent> console) {
            JsonEncoder json = new JsonEncoder();
            json.setContext(context);
            // the message as read, not its pattern and arguments apart
            json.setWithFormattedMessage(true);
            json.setWithMessage(false);
            json.setWithArguments(false);
            json.setWithContext(false);
            json.start();
            console.stop();
            console.setEncoder(json);
            console.start();
        }
    }

    static void setLevel(String level) {
        Level l = switch (level) {
            case "CRITICAL" -> Level.ERROR;
            case "WARNING" -> Level.WARN;
            case "NOTSET" -> Level.ALL;
            default -> Level.toLevel(level, Level.INFO);
        };
        if (LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME) instanceof Logger root) {
            root.setLevel(l);
        }
    }
}
