package dialtone.sip.line.internal;

import org.slf4j.Logger;

/**
 * Keeps a flood of similar lines (scanners, malformed datagrams) from filling the log: at most
 * {@code perMinute} lines a minute, then one line saying how many were left out.
 */
final class LogLimiter {

    private final Logger log;
    private final int perMinute;
    private long windowStart;
    private int inWindow;
    private int suppressed;

    LogLimiter(Logger log, int perMinute) {
        this.log = log;
        this.perMinute = perMinute;
    }

    /** Logs at warn level unless the minute's budget is spent. Thread-safe. */
    synchronized void warn(String format, Object... args) {
        long now = System.nanoTime();
        if (now - windowStart > 60_000_000_000L) {
            if (suppressed > 0) {
                log.warn("{} similar lines left out in the last minute", suppressed);
            }
            windowStart = now;
            inWindow = 0;
            suppressed = 0;
        }
        if (inWindow < perMinute) {
            inWindow++;
            log.warn(format, args);
        } else {
            suppressed++;
        }
    }
}
