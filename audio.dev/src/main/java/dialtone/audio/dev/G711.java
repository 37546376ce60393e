package dialtone.audio.dev;

import dialtone.core.call.Codec;

/**
 * G.711 µ-law and A-law (ITU-T G.711) by table, for tones and for drivers and emulators that look
 * into frames: 64 K entries to encode a 16-bit sample, 256 to
 * decode a byte. The tables are built once; encoding is then one array read per sample.
 */
public final class G711 {

    /** The byte of digital silence in µ-law. */
    public static final byte ULAW_SILENCE = (byte) 0xFF;
    /** The byte of digital silence in A-law. */
    public static final byte ALAW_SILENCE = (byte) 0xD5;

    private static final byte[] ULAW_ENCODE = new byte[65536];
    private static final byte[] ALAW_ENCODE = new byte[65536];
    private static final short[] ULAW_DECODE = new short[256];
    private static final short[] ALAW_DECODE = new short[256];

    static {
        for (int i = 0; i < 65536; i++) {
            short sample = (short) (i - 32768);
            ULAW_ENCODE[i] = ulaw(sample);
            ALAW_ENCODE[i] = alaw(sample);
        }
        for (int b = 0; b < 256; b++) {
            ULAW_DECODE[b] = ulawDecode((byte) b);
            ALAW_DECODE[b] = alawDecode((byte) b);
        }
    }

    private G711() {
    }

    public static byte encode(boolean alaw, int sample) {
        int index = Math.max(-32768, Math.min(32767, sample)) + 32768;
        return alaw ? ALAW_ENCODE[index] : ULAW_ENCODE[index];
    }

    public static short decode(boolean alaw, byte b) {
        return alaw ? ALAW_DECODE[b & 0xFF] : ULAW_DECODE[b & 0xFF];
    }

    /** True for PCMA, false for PCMU (and anything else, which is never framed through a table). */
    public static boolean isAlaw(Codec codec) {
        return codec == Codec.PCMA;
    }

    public static byte silence(boolean alaw) {
        return alaw ? ALAW_SILENCE : ULAW_SILENCE;
    }

    private static byte ulaw(short pcm) {
        final int bias = 0x84;
        int sample = pcm;
        int sign = (sample >> 8) & 0x80;
        if (sign != 0) {
            sample = -sample;
        }
        if (sample > 32635) {
            sample = 32635;
        }
        sample += bias;
        int exponent = 7;
        for (int mask = 0x4000; (sample & mask) == 0 && exponent > 0; mask >>= 1) {
            exponent--;
        }
        int mantissa = (sample >> (exponent + 3)) & 0x0F;
        return (byte) ~(sign | (exponent << 4) | mantissa);
    }

    private static short ulawDecode(byte b) {
        int u = ~b & 0xFF;
        int sign = u & 0x80;
        int exponent = (u >> 4) & 0x07;
        int mantissa = u & 0x0F;
        int sample = (((mantissa << 3) + 0x84) << exponent) - 0x84;
        return (short) (sign != 0 ? -sample : sample);
    }

    private static byte alaw(short pcm) {
        int sample = pcm >> 3;
        int mask;
        if (sample >= 0) {
            mask = 0xD5;
        } else {
            mask = 0x55;
            sample = -sample - 1;
        }
        int segment = 0;
        while (segment < 8 && sample > (0x20 << segment) - 1) {
            segment++;
        }
        if (segment >= 8) {
            return (byte) (0x7F ^ mask);
        }
        int value = segment << 4;
        value |= segment < 2 ? (sample >> 1) & 0x0F : (sample >> segment) & 0x0F;
        return (byte) (value ^ mask);
    }

    private static short alawDecode(byte b) {
        int a = (b & 0xFF) ^ 0x55;
        int sign = a & 0x80;
        int exponent = (a >> 4) & 0x07;
        int mantissa = a & 0x0F;
        int sample = exponent == 0 ? (mantissa << 4) + 8 : ((mantissa << 4) + 0x108) << (exponent - 1);
        return (short) (sign != 0 ? sample : -sample);
    }
}
