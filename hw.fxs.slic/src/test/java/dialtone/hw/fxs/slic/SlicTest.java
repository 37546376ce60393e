package dialtone.hw.fxs.slic;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;

import java.util.ArrayList;
import java.util.List;

import org.junit.Test;

import dialtone.core.call.CallerId;

public class SlicTest {

    @Test
    public void framesAreFoundHoweverTheTransfersSplitThemAndGarbageIsSkipped() {
        byte[] hook = { (byte) 0xA5, (byte) 0x82, 1, 0, 5, 1, 0, 0, 0x03, (byte) 0xE8 };
        byte[] hello = { (byte) 0xA5, 0x01, (byte) 0xFF, 0, 0 };
        byte[] stream = new byte[3 + hook.length + hello.length];
        stream[0] = 0x12;
        stream[1] = 0x34;
        stream[2] = 0x56;
        System.arraycopy(hook, 0, stream, 3, hook.length);
        System.arraycopy(hello, 0, stream, 3 + hook.length, hello.length);
        List<String> frames = new ArrayList<>();
        FrameReader reader = new FrameReader();
        for (int i = 0; i < stream.length; i += 4) {
            reader.feed(stream, i, Math.min(4, stream.length - i), (type, port, payload, length) -> frames.add(
                    Integer.toHexString(type) + "/" + port + "/" + length
                            + (type == Slic.HOOK ? "/" + payload[0] + "@" + Slic.time(payload, 1) : "")));
        }
        assertEquals(List.of("82/1/5/1@1000", "1/255/0"), frames);
        assertEquals(3, reader.skipped());
    }

    @Test
    public void anOversizedFrameIsSkipped() {
        List<Integer> types = new ArrayList<>();
        FrameReader reader = new FrameReader();
        byte[] bad = { (byte) 0xA5, 0x20, 0, 0x7F, 0x7F };
        byte[] good = Slic.frame(Slic.RING, 0, (byte) 1);
        reader.feed(bad, 0, bad.length, (type, port, payload, length) -> types.add(type));
        reader.feed(good, 0, good.length, (type, port, payload, length) -> types.add(type));
        assertEquals(List.of(Slic.RING), types);
    }

    @Test
    public void callerIdIsAnMdmfCallSetupMessageWithChecksum() {
        byte[] message = Slic.mdmf(new CallerId("5551234", "Alice"), "12012130");
        byte[] expected = { (byte) 0x80, 26, 0x01, 8, '1', '2', '0', '1', '2', '1', '3', '0', 0x02, 7, '5', '5', '5',
                '1', '2', '3', '4', 0x07, 5, 'A', 'l', 'i', 'c', 'e', 0 };
        int sum = 0;
        for (int i = 0; i < expected.length - 1; i++) {
            sum += expected[i] & 0xFF;
        }
        expected[expected.length - 1] = (byte) -sum;
        assertArrayEquals(expected, message);
        assertEquals(new CallerId("5551234", "Alice"), Slic.mdmf(message, 0, message.length));
    }

    @Test
    public void aWithheldNumberIsSaidToBePrivateAndReadsBackAsNone() {
        byte[] message = Slic.mdmf(new CallerId("", "Anonymous"), "12012130");
        byte[] expected = { (byte) 0x80, 24, 0x01, 8, '1', '2', '0', '1', '2', '1', '3', '0', 0x04, 1, 'P',
                0x07, 9, 'A', 'n', 'o', 'n', 'y', 'm', 'o', 'u', 's', 0 };
        int sum = 0;
        for (int i = 0; i < expected.length - 1; i++) {
            sum += expected[i] & 0xFF;
        }
        expected[expected.length - 1] = (byte) -sum;
        assertArrayEquals(expected, message);
        assertEquals(new CallerId("", "Anonymous"), Slic.mdmf(message, 0, message.length));
    }

    @Test(expected = IllegalArgumentException.class)
    public void aCorruptedCallerIdIsRefused() {
        byte[] message = Slic.mdmf(CallerId.of("123"), "01010000");
        message[5] ^= 1;
        Slic.mdmf(message, 0, message.length);
    }
}
