package dialtone.audio.dev.internal;

import static org.junit.Assert.assertEquals;

import java.util.ArrayList;
import java.util.List;

import org.junit.Test;

public class JitterBufferTest {

    private final JitterBuffer buffer = new JitterBuffer(32, 160, 2, 10);
    private final byte[] frame = new byte[160];
    private long clock;

    /** Puts the packet of {@code sequence}; its payload's first byte is the sequence, to tell frames apart. */
    private void put(int sequence) {
        byte[] payload = new byte[160];
        payload[0] = (byte) sequence;
        buffer.put(payload, 0, 160, sequence, clock, clock); // steady arrival: no jitter
    }

    /** Plays out {@code ticks} frames: the sequence byte of each, or -1 for silence. */
    private List<Integer> play(int ticks) {
        List<Integer> played = new ArrayList<>();
        for (int i = 0; i < ticks; i++) {
            clock += 160;
            played.add(buffer.take(frame) < 0 ? -1 : frame[0] & 0xFF);
        }
        return played;
    }

    @Test
    public void waitsForItsDepthThenPlaysInOrder() {
        put(10);
        assertEquals(List.of(-1), play(1));
        put(11);
        put(12);
        assertEquals(List.of(10, 11, 12), play(3));
        assertEquals(0, buffer.lost());
    }

    @Test
    public void reorderedPacketsComeOutInSequence() {
        put(1);
        put(3);
        put(2);
        put(5);
        put(4);
        assertEquals(List.of(1, 2, 3, 4, 5), play(5));
        assertEquals(0, buffer.lost());
        assertEquals(0, buffer.late());
    }

    @Test
    public void anEarlierPacketBeforePlayoutMovesTheStartBack() {
        put(8);
        put(7);
        assertEquals(List.of(7, 8), play(2));
    }

    @Test
    public void aMissingFrameIsLostAndTheNextOnePlaysOnTime() {
        put(1);
        put(2);
        put(4);
        put(5);
        assertEquals(List.of(1, 2, -1, 4, 5), play(5));
        assertEquals(1, buffer.lost());
    }

    @Test
    public void aDuplicateIsDroppedAndCounted() {
        put(1);
        put(2);
        put(2);
        put(3);
        assertEquals(List.of(1, 2, 3), play(3));
        assertEquals(1, buffer.duplicates());
        assertEquals(4, buffer.received());
    }

    @Test
    public void aPacketAfterItsPlayoutTimeIsLateAndDropped() {
        put(1);
        put(2);
        put(4);
        assertEquals(List.of(1, 2, -1, 4), play(4));
        put(3);
        put(5);
        assertEquals(List.of(5), play(1));
        assertEquals(1, buffer.late());
        assertEquals(1, buffer.lost());
    }

    @Test
    public void anUnderrunWaitsForTheDepthAgain() {
        put(1);
        put(2);
        assertEquals(List.of(1, 2, -1), play(3));
        put(3);
        assertEquals(List.of(-1), play(1));
        put(4);
        assertEquals(List.of(3, 4), play(2));
    }

    @Test
    public void sequenceNumbersWrapAround() {
        put(65534);
        put(65535);
        put(0);
        put(1);
        List<Integer> played = play(4);
        assertEquals(List.of(65534 & 0xFF, 65535 & 0xFF, 0, 1), played);
        assertEquals(0, buffer.lost());
    }

    @Test
    public void jitterDeepensTheBufferAndSteadyArrivalKeepsItShallow() {
        for (int i = 0; i < 50; i++) {
            clock = i * 160L;
            put(i);
            buffer.take(frame);
        }
        assertEquals(2, buffer.target());
        JitterBuffer jittery = new JitterBuffer(32, 160, 2, 10);
        for (int i = 0; i < 50; i++) {
            // Arrivals swing by 60 ms around the sender's clock.
            long arrival = i * 160L + (i % 2 == 0 ? 0 : 480);
            jittery.put(new byte[160], 0, 160, i, i * 160L, arrival);
            jittery.take(frame);
        }
        assertEquals(true, jittery.target() > 5);
        assertEquals(true, jittery.jitterMillis() > 20);
    }

    @Test
    public void afterALongGapPlayoutGoesOnFromTheOldestFrameHeld() {
        put(1);
        put(2);
        assertEquals(List.of(1, 2), play(2));
        // 20 frames never come (a paused sender); then voice resumes.
        put(23);
        put(24);
        put(25);
        assertEquals(List.of(23, 24, 25), play(3));
        assertEquals(20, buffer.lost());
    }

    @Test
    public void aBigJumpRestartsTheStream() {
        put(1);
        put(2);
        assertEquals(List.of(1, 2), play(2));
        put(1000);
        put(1001);
        assertEquals(List.of(1000 & 0xFF, 1001 & 0xFF), play(2));
        assertEquals(0, buffer.late());
    }
}
