package dialtone.emu.fxs.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;

import dialtone.core.call.CallerId;
import dialtone.hw.fxs.slic.FrameReader;
import dialtone.hw.fxs.slic.Slic;
import dialtone.hw.usb.DeviceLink;

/** The emulated adapter's link, spoken to in the SLIC protocol's bytes as the driver does. */
public class AdapterLinkTest {

    private final EmulatedAdapter adapter = new EmulatedAdapter(1, 2, "TEST");
    private DeviceLink link;
    private final List<String> frames = new ArrayList<>();
    private final FrameReader reader = new FrameReader();

    @Before
    public void open() throws Exception {
        adapter.start();
        link = adapter.open();
    }

    @After
    public void close() {
        adapter.stop();
    }

    private void send(byte[] frame) throws Exception {
        link.send(frame, 0, frame.length);
    }

    /** Reads for about {@code millis}, keeping every frame but voice as type/port/payload in hex. */
    private void read(int millis) throws Exception {
        byte[] buffer = new byte[7];
        long end = System.nanoTime() + millis * 1_000_000L;
        while (System.nanoTime() < end) {
            int n = link.receive(buffer, 20);
            reader.feed(buffer, 0, n, (type, port, payload, length) -> {
                if (type == Slic.PCM_IN) {
                    frames.add("pcm " + port + " " + length);
                    return;
                }
                StringBuilder hex = new StringBuilder(Integer.toHexString(type)).append('/').append(port);
                for (int i = 0; i < Math.min(length, 1); i++) {
                    hex.append('/').append(payload[i] & 0xFF);
                }
                frames.add(hex.toString());
            });
        }
    }

    @Test
    public void helloIsAnsweredWithInfoAndEveryLinesHook() throws Exception {
        send(Slic.frame(Slic.HELLO, Slic.ADAPTER));
        read(100);
        assertEquals(List.of("81/255/2", "82/0/0", "82/1/0"), frames);
    }

    @Test
    public void liftingReportsTheHookAndStartedVoiceFlowsEvery20Ms() throws Exception {
        adapter.hook(1, true);
        send(Slic.frame(Slic.VOICE_START, 1, (byte) Slic.LAW_ALAW));
        read(210);
        assertEquals("82/1/1", frames.get(0));
        long voice = frames.stream().filter(f -> f.equals("pcm 1 160")).count();
        assertTrue("voice frames in 210 ms: " + voice, voice >= 8 && voice <= 12);
        assertTrue(adapter.phone(1).describe().contains("voice A-law"));
    }

    @Test
    public void callerIdAndRingingReachThePhoneAndBadCommandsAreRefused() throws Exception {
        send(Slic.frame(Slic.CALLER_ID, 0, Slic.mdmf(new CallerId("5551234", "Alice"), "12012130")));
        send(Slic.frame(Slic.RING, 0, (byte) 1));
        assertEquals(new CallerId("5551234", "Alice"), adapter.phone(0).callerId);
        assertTrue(adapter.phone(0).describe(), adapter.phone(0).describe().contains("bell ringing, rings 1"));
        send(Slic.frame(0x55, 0));
        send(Slic.frame(Slic.RING, 7, (byte) 1));
        read(100);
        assertEquals(List.of("8f/0/85", "8f/255/16"), frames);
    }
}
