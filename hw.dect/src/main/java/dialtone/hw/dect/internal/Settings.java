package dialtone.hw.dect.internal;

import java.time.Duration;

/**
 * The handset model's settings.
 *
 * @param registrationWindow how long {@code dect:subscribe on} keeps the registration window open
 * @param driverGrace        how long calls are held when a driver goes while its dongle stays plugged
 */
record Settings(Duration registrationWindow, Duration driverGrace) {

    static final Settings DEFAULTS = new Settings(Duration.ofSeconds(120), Duration.ofSeconds(3));
}
