package dialtone.hw.fxs.internal;

import static org.junit.Assert.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.Test;

import dialtone.audio.dev.DeviceChannel;
import dialtone.core.call.CallerId;
import dialtone.core.call.Codec;
import dialtone.hw.fxs.FxsDriver;
import dialtone.hw.fxs.FxsListener;

public class RingerTest {

    /** Records the driver commands with the time they were given. */
    static class RecordingDriver implements FxsDriver {
        final List<String> commands = new ArrayList<>();
        ManualTimers clock;

        private void record(String command) {
            commands.add((clock == null ? "" : clock.now() + " ") + command);
        }

        @Override
        public String adapter() {
            return "test";
        }

        @Override
        public int ports() {
            return 2;
        }

        @Override
        public String description() {
            return "recording";
        }

        @Override
        public void listen(FxsListener listener) {
        }

        @Override
        public void ring(int port, boolean on) {
            record("ring " + port + " " + (on ? "on" : "off"));
        }

        @Override
        public void callerId(int port, CallerId callerId) {
            record("cid " + port + " " + callerId);
        }

        @Override
        public void voice(int port, Codec law) {
            record("voice " + port + " " + law);
        }

        @Override
        public DeviceChannel channel(int port) {
            return null;
        }
    }

    private final ManualTimers timers = new ManualTimers();
    private final RecordingDriver driver = new RecordingDriver();

    private Ringer ringer(String country) {
        driver.clock = timers;
        PortSettings d = PortSettings.DEFAULTS;
        return new Ringer(timers, new PortSettings(RingCadence.of(country), d.interDigit(), d.pulseBreak(), d.flash(),
                d.pulseGap(), Duration.ofMillis(800)), driver, 1);
    }

    @Test
    public void callerIdGoesOutBeforeTheFirstRingThenTheUsCadence() {
        ringer("us").start(new CallerId("5551234", "Alice"));
        timers.advance(13_000);
        assertEquals(List.of("0 cid 1 Alice <5551234>", "800 ring 1 on", "2800 ring 1 off", "6800 ring 1 on",
                "8800 ring 1 off", "12800 ring 1 on"), driver.commands);
    }

    @Test
    public void germanPhonesRingOneSecondInFive() {
        ringer("de").start(CallerId.of(""));
        timers.advance(10_500);
        assertEquals("a withheld number is said as such first", List.of("0 cid 1 ", "800 ring 1 on",
                "1800 ring 1 off", "5800 ring 1 on", "6800 ring 1 off"), driver.commands);
    }

    @Test
    public void britishPhonesRingTwiceEachCycle() {
        ringer("gb").start(null);
        timers.advance(3_100);
        assertEquals(List.of("0 ring 1 on", "400 ring 1 off", "600 ring 1 on", "1000 ring 1 off", "3000 ring 1 on"),
                driver.commands);
    }

    @Test
    public void stoppingSilencesTheBellAndNoMoreRingsCome() {
        Ringer ringer = ringer("us");
        ringer.start(null);
        timers.advance(500);
        ringer.stop();
        timers.advance(20_000);
        assertEquals(List.of("0 ring 1 on", "500 ring 1 off"), driver.commands);
        assertEquals(false, ringer.active());
        assertEquals(1, ringer.rings());
    }
}
