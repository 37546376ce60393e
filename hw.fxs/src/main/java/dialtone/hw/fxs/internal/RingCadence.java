package dialtone.hw.fxs.internal;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * How a phone rings in one country: alternating ring and pause times, repeated, and the G.711 law
 * its network speaks.
 */
public record RingCadence(String country, List<Duration> steps, boolean alaw) {

    private static final Map<String, RingCadence> COUNTRIES = Map.of(
            "us", new RingCadence("us", millis(2000, 4000), false),
            "de", new RingCadence("de", millis(1000, 4000), true),
            "gb", new RingCadence("gb", millis(400, 200, 400, 2000), true),
            "fr", new RingCadence("fr", millis(1500, 3500), true));

    public RingCadence {
        steps = List.copyOf(steps);
        if (steps.isEmpty() || steps.size() % 2 != 0) {
            throw new IllegalArgumentException("a cadence is pairs of ring and pause: " + steps);
        }
    }

    /** The cadence of a country by its ISO 3166 code, or null. */
    public static RingCadence of(String country) {
        return COUNTRIES.get(country.toLowerCase(Locale.ROOT));
    }

    public static Set<String> countries() {
        return COUNTRIES.keySet();
    }

    /** True when step {@code index} (counted from 0, repeating) rings. */
    public boolean rings(int index) {
        return index % 2 == 0;
    }

    public Duration step(int index) {
        return steps.get(index % steps.size());
    }

    private static List<Duration> millis(long... values) {
        Duration[] steps = new Duration[values.length];
        for (int i = 0; i < values.length; i++) {
            steps[i] = Duration.ofMillis(values[i]);
        }
        return List.of(steps);
    }
}
