package dialtone.lib.jainsip.internal;

import java.util.Properties;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import gov.nist.core.StackLogger;

/**
 * The stack's logger (JAIN-SIP's {@code gov.nist.javax.sip.STACK_LOGGER}, found by class name,
 * hence inside this bundle). JAIN-SIP logs every message it drops with the whole message at error
 * level; a scanner or a broken peer would flood the log. This one writes warnings and errors only,
 * the first line of each, at most 20 a minute, and then says how many it left out.
 */
public final class LimitedStackLogger implements StackLogger {

    private static final Logger log = LoggerFactory.getLogger("gov.nist.javax.sip");
    private static final int PER_MINUTE = 20;
    private static final Object lock = new Object();
    private static long windowStart;
    private static int inWindow;
    private static int suppressed;

    private String name = "gov.nist.javax.sip";

    public LimitedStackLogger() {
        // instantiated by the stack by reflection
    }

    private static void emit(boolean error, String text) {
        String line = firstLine(text);
        int left;
        synchronized (lock) {
            long now = System.nanoTime();
            left = 0;
            if (now - windowStart > 60_000_000_000L) {
                left = suppressed;
                windowStart = now;
                inWindow = 0;
                suppressed = 0;
            }
            if (inWindow >= PER_MINUTE) {
                suppressed++;
                return;
            }
            inWindow++;
        }
        if (left > 0) {
            log.warn("{} more SIP stack lines left out in the last minute", left);
        }
        if (error) {
            log.error(line);
        } else {
            log.warn(line);
        }
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "";
        }
        String trimmed = text.strip();
        int end = trimmed.indexOf('\n');
        String line = end < 0 ? trimmed : trimmed.substring(0, end).strip() + " ...";
        return line.length() > 200 ? line.substring(0, 200) + " ..." : line;
    }

    @Override
    public void logStackTrace() {
    }

    @Override
    public void logStackTrace(int traceLevel) {
    }

    @Override
    public int getLineCount() {
        return 0;
    }

    @Override
    public void logException(Throwable ex) {
        emit(true, String.valueOf(ex));
    }

    @Override
    public void logDebug(String message) {
    }

    @Override
    public void logDebug(String message, Exception ex) {
    }

    @Override
    public void logTrace(String message) {
    }

    @Override
    public void logFatalError(String message) {
        emit(true, message);
    }

    @Override
    public void logError(String message) {
        emit(true, message);
    }

    @Override
    public boolean isLoggingEnabled() {
        return true;
    }

    @Override
    public boolean isLoggingEnabled(int logLevel) {
        // Only warnings and worse: the stack then skips building its debug strings at all.
        return logLevel <= TRACE_WARN;
    }

    @Override
    public void logError(String message, Exception ex) {
        emit(true, message + ": " + ex);
    }

    @Override
    public void logWarning(String message) {
        // Dialtone configures no TLS; the stack's start-up warnings about key stores say nothing.
        if (message != null && (message.contains("TLS") || message.contains("tls security")
                || message.toLowerCase(java.util.Locale.ROOT).contains("keystore")
                || message.toLowerCase(java.util.Locale.ROOT).contains("truststore"))) {
            return;
        }
        emit(false, message);
    }

    @Override
    public void logInfo(String message) {
    }

    @Override
    public void disableLogging() {
    }

    @Override
    public void enableLogging() {
    }

    @Override
    public void setBuildTimeStamp(String buildTimeStamp) {
    }

    @Override
    public void setStackProperties(Properties stackProperties) {
        String configured = stackProperties.getProperty("javax.sip.STACK_NAME");
        if (configured != null) {
            name = configured;
        }
    }

    @Override
    public String getLoggerName() {
        return name;
    }
}
