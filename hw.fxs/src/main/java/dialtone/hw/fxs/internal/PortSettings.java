package dialtone.hw.fxs.internal;

import java.time.Duration;

/**
 * How the ports behave.
 *
 * @param cadence      how phones ring, and the law the lines speak
 * @param interDigit   dialling ends this long after the last digit
 * @param pulseBreak   a hook break up to this long is a dial pulse
 * @param flash        a longer break up to this long is a hook flash (R); a longer one hangs up
 * @param pulseGap     a pulse digit ends when the loop stays closed this long
 * @param callerIdLead caller id goes out this long before the first ring
 */
public record PortSettings(RingCadence cadence, Duration interDigit, Duration pulseBreak, Duration flash,
        Duration pulseGap, Duration callerIdLead) {

    public static final PortSettings DEFAULTS = new PortSettings(RingCadence.of("us"), Duration.ofSeconds(4),
            Duration.ofMillis(100), Duration.ofMillis(800), Duration.ofMillis(300), Duration.ofMillis(800));
}
