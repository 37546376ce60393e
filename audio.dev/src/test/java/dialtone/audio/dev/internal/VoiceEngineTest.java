package dialtone.audio.dev.internal;

import dialtone.audio.dev.G711;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;

import dialtone.audio.dev.AudioPath;
import dialtone.audio.dev.DeviceChannel;
import dialtone.audio.dev.PathStats;
import dialtone.audio.dev.Tone;
import dialtone.core.call.Codec;

/** Two paths of one engine connected to each other over RTP on loopback. */
public class VoiceEngineTest {

    /** A device that speaks numbered frames (or silence) and keeps what it hears. */
    static final class Device implements DeviceChannel {
        volatile boolean talking = true;
        volatile int spoken;
        final ConcurrentLinkedQueue<byte[]> heard = new ConcurrentLinkedQueue<>();

        @Override
        public boolean read(byte[] frame) {
            if (!talking) {
                java.util.Arrays.fill(frame, G711.ULAW_SILENCE);
                return true;
            }
            spoken++;
            for (int i = 0; i < frame.length; i++) {
                frame[i] = (byte) (spoken + i);
            }
            return true;
        }

        @Override
        public void write(byte[] frame) {
            heard.add(frame.clone());
        }
    }

    private VoiceEngine engine;
    private final Device a = new Device();
    private final Device b = new Device();

    @Before
    public void start() throws Exception {
        engine = new VoiceEngine("127.0.0.1", 26940, 26943, "us", 2, 10);
        engine.start();
    }

    @After
    public void stop() throws Exception {
        engine.stop();
    }

    @Test
    public void framesFromOneDeviceReachTheOtherUnchangedAndInOrder() throws Exception {
        AudioPath pathA = engine.open("a", a, Codec.PCMU);
        AudioPath pathB = engine.open("b", b, Codec.PCMU);
        pathA.connect("c1", pathB.local(), Codec.PCMU, 101);
        pathB.connect("c1", pathA.local(), Codec.PCMU, 101);
        Thread.sleep(1000);

        List<Integer> numbers = new ArrayList<>();
        for (byte[] frame : b.heard) {
            if (frame[0] == frame[1] - 1 && frame[1] == frame[2] - 1) {
                numbers.add(frame[0] & 0xFF);
                for (int i = 0; i < frame.length; i++) {
                    assertEquals((byte) (frame[0] + i), frame[i]);
                }
            }
        }
        assertTrue("frames heard: " + numbers.size(), numbers.size() > 30);
        for (int i = 1; i < numbers.size(); i++) {
            assertEquals("frame after " + numbers.get(i - 1), (numbers.get(i - 1) + 1) & 0xFF, (int) numbers.get(i));
        }
        PathStats stats = pathB.stats();
        assertTrue(stats.packetsIn() > 30);
        assertEquals(0, stats.lost());
        assertEquals("PCMU", stats.codec());
        assertTrue(pathA.stats().packetsOut() > 30);
        assertEquals(2, engine.active());
    }

    @Test
    public void aDigitGoesOutAsTelephoneEventsAndIsHeardAsItsTonePair() throws Exception {
        a.talking = false;
        b.talking = false;
        AudioPath pathA = engine.open("a", a, Codec.PCMU);
        AudioPath pathB = engine.open("b", b, Codec.PCMU);
        pathA.connect("c1", pathB.local(), Codec.PCMU, 101);
        pathB.connect("c1", pathA.local(), Codec.PCMU, 101);
        Thread.sleep(200);
        b.heard.clear();
        pathA.dtmf('5');
        Thread.sleep(400);
        assertEquals(1, pathA.stats().eventsOut());
        assertEquals(1, pathB.stats().eventsIn());
        double best770 = 0;
        double best1336 = 0;
        double best1000 = 0;
        for (byte[] frame : b.heard) {
            best770 = Math.max(best770, power(frame, 770));
            best1336 = Math.max(best1336, power(frame, 1336));
            best1000 = Math.max(best1000, power(frame, 1000));
        }
        assertTrue("770 Hz " + best770, best770 > 20 * best1000);
        assertTrue("1336 Hz " + best1336, best1336 > 20 * best1000);
    }

    @Test
    public void aToneIsPlayedToTheDeviceAndACloseFreesThePort() throws Exception {
        AudioPath path = engine.open("a", a, Codec.PCMU);
        path.tone(Tone.DIAL);
        Thread.sleep(200);
        byte[] last = null;
        for (byte[] frame : a.heard) {
            last = frame;
        }
        assertTrue(power(last, 350) > 1e6 && power(last, 440) > 1e6);
        assertTrue(power(last, 350) > 100 * power(last, 1000));
        AudioPath other = engine.open("b", b, Codec.PCMU);
        try {
            engine.open("c", b, Codec.PCMU);
            throw new AssertionError("a third path opened on two ports");
        } catch (IllegalStateException expected) {
            // two ports in the range, two paths
        }
        path.close();
        Thread.sleep(100);
        AudioPath again = engine.open("c", b, Codec.PCMU);
        assertEquals(path.local(), again.local());
        path.tone(Tone.BUSY); // a stale handle does nothing to the new user
        assertEquals(Tone.NONE, again.stats().tone());
        other.close();
    }

    @Test
    public void aHeldPathLeavesTheDeviceAloneAndResumesWithFreshVoice() throws Exception {
        AudioPath pathA = engine.open("a", a, Codec.PCMU);
        AudioPath pathB = engine.open("b", b, Codec.PCMU);
        pathA.connect("c1", pathB.local(), Codec.PCMU, 101);
        pathB.connect("c1", pathA.local(), Codec.PCMU, 101);
        Thread.sleep(300);
        pathB.hold(true);
        Thread.sleep(100);
        int heard = b.heard.size();
        Thread.sleep(500);
        assertEquals("frames written to a held device", heard, b.heard.size());
        assertTrue(pathB.stats().held());
        pathB.hold(false);
        Thread.sleep(300);
        byte[] last = null;
        for (byte[] frame : b.heard) {
            last = frame;
        }
        int lag = ((a.spoken & 0xFF) - (last[0] & 0xFF) + 256) % 256;
        assertTrue("the device hears voice " + lag + " frames old after the hold", lag <= 8);
    }

    /** The frames a device heard from the {@code from}th on. */
    private static java.util.List<byte[]> since(Device device, int from) {
        java.util.List<byte[]> all = new java.util.ArrayList<>(device.heard);
        return all.subList(Math.min(from, all.size()), all.size());
    }

    @Test
    public void aMutedPathSendsNothingButStillPlaysWhatArrives() throws Exception {
        a.talking = true;
        b.talking = true;
        AudioPath pathA = engine.open("a", a, Codec.PCMU);
        AudioPath pathB = engine.open("b", b, Codec.PCMU);
        pathA.connect("c1", pathB.local(), Codec.PCMU, 101);
        pathB.connect("c1", pathA.local(), Codec.PCMU, 101);
        Thread.sleep(300);
        pathA.mute(true);
        Thread.sleep(400); // the far side's jitter buffer runs dry
        int heardByB = b.heard.size();
        int heardByA = a.heard.size();
        Thread.sleep(300);
        for (byte[] frame : since(b, heardByB)) {
            assertEquals("the far side hears only comfort silence from a muted path", G711.ULAW_SILENCE, frame[0]);
        }
        long voiceToA = since(a, heardByA).stream()
                .filter(frame -> frame[0] != G711.ULAW_SILENCE || frame[1] != G711.ULAW_SILENCE).count();
        assertTrue("a muted path still plays the far side's voice: " + voiceToA, voiceToA > 5);
        pathA.mute(false);
        Thread.sleep(300);
        assertTrue("voice again after the mute", since(b, b.heard.size() - 5).stream()
                .anyMatch(frame -> frame[0] != G711.ULAW_SILENCE || frame[1] != G711.ULAW_SILENCE));
    }

    @Test
    public void theVoiceThreadRunsUnderTheRealTimePolicyItAskedForWhereTheOsPermits() throws Exception {
        org.junit.Assume.assumeTrue("Linux", java.nio.file.Files.exists(java.nio.file.Path.of("/proc/thread-self")));
        VoiceEngine raised = new VoiceEngine("127.0.0.1", 26944, 26945, "us", 2, 10, 10);
        raised.start();
        try {
            String scheduling = raised.scheduling();
            for (int i = 0; i < 100 && scheduling.equals("not started"); i++) {
                Thread.sleep(50);
                scheduling = raised.scheduling();
            }
            // Root (CAP_SYS_NICE) gets it; anyone else is refused and says so.
            assertTrue(scheduling, scheduling.equals("SCHED_FIFO 10")
                    || scheduling.startsWith("normal (SCHED_FIFO 10 refused)"));
            // What the kernel says of the thread named audio-voice: policy 1 (SCHED_FIFO), priority 10.
            String kernel = "no audio-voice thread";
            try (java.util.stream.Stream<java.nio.file.Path> tasks = java.nio.file.Files.list(
                    java.nio.file.Path.of("/proc/self/task"))) {
                for (java.nio.file.Path task : (Iterable<java.nio.file.Path>) tasks::iterator) {
                    String stat = java.nio.file.Files.readString(task.resolve("stat"));
                    if (stat.contains("(audio-voice)")) {
                        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                        kernel = fields[41 - 3] + "/" + fields[40 - 3];
                        if (kernel.equals("1/10")) {
                            break;
                        }
                    }
                }
            }
            assertEquals(scheduling.equals("SCHED_FIFO 10") ? "1/10" : "0/0", kernel);
            // Raised or not, it keeps serving paths.
            AudioPath path = raised.open("a", a, Codec.PCMU);
            path.tone(Tone.DIAL);
            Thread.sleep(200);
            assertTrue("frames written while raised: " + a.heard.size(), a.heard.size() >= 5);
        } finally {
            raised.stop();
        }
        assertEquals("SCHED_OTHER", engine.scheduling());
    }

    /** Goertzel power of one frequency in a µ-law frame. */
    static double power(byte[] frame, double frequency) {
        double coefficient = 2 * Math.cos(2 * Math.PI * frequency / 8000);
        double s1 = 0;
        double s2 = 0;
        for (byte b : frame) {
            double s = G711.decode(false, b) + coefficient * s1 - s2;
            s2 = s1;
            s1 = s;
        }
        return s1 * s1 + s2 * s2 - coefficient * s1 * s2;
    }
}
