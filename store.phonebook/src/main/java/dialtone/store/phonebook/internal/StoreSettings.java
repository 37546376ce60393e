package dialtone.store.phonebook.internal;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

import dialtone.store.phonebook.CallKind;

/**
 * What the store is opened with.
 *
 * @param file     the MapDB store file (MapDB adds {@code .p} and {@code .t} beside it)
 * @param country  ISO 3166 country numbers are read in, e.g. "DE"
 * @param areaCode the local area code, with or without trunk prefix; empty when none
 * @param limits   how many calls of each kind the history keeps
 */
public record StoreSettings(Path file, String country, String areaCode, Map<CallKind, Integer> limits) {

    public static final int DEFAULT_LIMIT = 100;

    public StoreSettings {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(country, "country");
        areaCode = areaCode == null ? "" : areaCode;
        EnumMap<CallKind, Integer> all = new EnumMap<>(CallKind.class);
        for (CallKind kind : CallKind.values()) {
            all.put(kind, limits.getOrDefault(kind, DEFAULT_LIMIT));
        }
        limits = Map.copyOf(all);
    }

    public static StoreSettings of(Path file, String country, String areaCode) {
        return new StoreSettings(file, country, areaCode, Map.of());
    }

    public StoreSettings withLimit(CallKind kind, int limit) {
        EnumMap<CallKind, Integer> changed = new EnumMap<>(limits);
        changed.put(kind, limit);
        return new StoreSettings(file, country, areaCode, changed);
    }
}
