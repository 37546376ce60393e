package dialtone.notify.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dialtone.core.call.Participant;

/**
 * What the registered {@link Participant} services say about themselves (kind, internal number),
 * by participant name. Written by the component runtime's threads as services come and go, read
 * on the call-core thread without a lock.
 */
final class ParticipantDirectory {

    /** What a participant service's properties say. {@code number} is empty when it has none. */
    record Entry(String kind, String number) {
        boolean isLine() {
            return "line".equals(kind);
        }
    }

    static final Entry UNKNOWN = new Entry("", "");

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    void add(Map<String, ?> properties) {
        Object name = properties.get(Participant.NAME);
        if (name != null) {
            entries.put(name.toString(), entry(properties));
        }
    }

    void remove(Map<String, ?> properties) {
        Object name = properties.get(Participant.NAME);
        if (name != null) {
            entries.remove(name.toString(), entry(properties));
        }
    }

    Entry get(String name) {
        return entries.getOrDefault(name, UNKNOWN);
    }

    private static Entry entry(Map<String, ?> properties) {
        Object kind = properties.get(Participant.KIND);
        Object number = properties.get(Participant.NUMBER);
        return new Entry(kind == null ? "" : kind.toString(), number == null ? "" : number.toString());
    }
}
