package dialtone.audio.dev.internal;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import dialtone.audio.dev.Tone;

/**
 * The local tones of one country (ITU-T E.180 and the national plans): one or two frequencies, and
 * a cadence of alternating on and off times in milliseconds (empty for a steady tone).
 */
public final class TonePlan {

    /** One tone: its frequencies in Hz (the second 0 for a single one) and its cadence. */
    public record Spec(int f1, int f2, int[] cadence) {
    }

    private static final Map<String, TonePlan> PLANS = Map.of(
            "us", new TonePlan("us", new Spec(350, 440, new int[0]), new Spec(440, 480, new int[] { 2000, 4000 }),
                    new Spec(480, 620, new int[] { 500, 500 }), new Spec(480, 620, new int[] { 250, 250 }),
                    new Spec(440, 0, new int[] { 300, 9700 })),
            "de", new TonePlan("de", new Spec(425, 0, new int[0]), new Spec(425, 0, new int[] { 1000, 4000 }),
                    new Spec(425, 0, new int[] { 480, 480 }), new Spec(425, 0, new int[] { 240, 240 }),
                    new Spec(425, 0, new int[] { 200, 200, 200, 5000 })),
            "gb", new TonePlan("gb", new Spec(350, 440, new int[0]),
                    new Spec(400, 450, new int[] { 400, 200, 400, 2000 }), new Spec(400, 0, new int[] { 375, 375 }),
                    new Spec(400, 0, new int[] { 400, 350, 225, 525 }), new Spec(400, 0, new int[] { 100, 3000 })),
            "fr", new TonePlan("fr", new Spec(440, 0, new int[0]), new Spec(440, 0, new int[] { 1500, 3500 }),
                    new Spec(440, 0, new int[] { 500, 500 }), new Spec(440, 0, new int[] { 250, 250 }),
                    new Spec(440, 0, new int[] { 300, 10000 })));

    private final String country;
    private final Map<Tone, Spec> specs = new EnumMap<>(Tone.class);

    private TonePlan(String country, Spec dial, Spec ringback, Spec busy, Spec congestion, Spec waiting) {
        this.country = country;
        specs.put(Tone.DIAL, dial);
        specs.put(Tone.RINGBACK, ringback);
        specs.put(Tone.BUSY, busy);
        specs.put(Tone.CONGESTION, congestion);
        specs.put(Tone.CALL_WAITING, waiting);
    }

    /** The plan of a country by its ISO 3166 code, or null when there is none. */
    public static TonePlan of(String country) {
        return PLANS.get(country.toLowerCase(Locale.ROOT));
    }

    public static Set<String> countries() {
        return PLANS.keySet();
    }

    public String country() {
        return country;
    }

    /** The spec of a tone; null for NONE. */
    public Spec spec(Tone tone) {
        return specs.get(tone);
    }
}
