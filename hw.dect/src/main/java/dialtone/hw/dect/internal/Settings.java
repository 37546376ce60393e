package dialtone.hw.dect.internal;

import java.time.Duration;

/**
 * The handset model's settings.
 *
 * @param registrationWindow how long {@code dect:subscribe on} keeps the registration window open
 * @param interDigit         how long after the last keypad digit the number counts as complete
 */
record Settings(Duration registrationWindow, Duration interDigit) {

    static final Settings DEFAULTS = new Settings(Duration.ofSeconds(120), Duration.ofSeconds(4));
}
