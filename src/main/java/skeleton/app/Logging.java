package skeleton.app;

import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;

/** Applies LOGGING_LEVEL, spelled as in the original (CRITICAL, WARNING, NOTSET also accepted), to the root logger. */
final class Logging {

    private Logging() {
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
