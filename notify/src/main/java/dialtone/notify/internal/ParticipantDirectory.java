package dialtone.notify.internal;

import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dialtone.core.call.Participant;

/**
 * What the registered {@link Participant} services say about themselves (kind, internal number),
 * by participant name. Written by the component runtime's threads as services come and go, read
 * on the call-core thread without a lock. Two services of one name (a driver being replaced) are
 * both kept, so the first one leaving does not forget the other.
 */
final class ParticipantDirectory {

    /** What a participant service's properties say. {@code number} is empty when it has none. */
    record Entry(String kind, String number) {
        boolean isLine() {
            return "line".equals(kind);
        }
    }

    static final Entry UNKNOWN = new Entry("", "");

    private static final String SERVICE_ID = "service.id";

    private final Map<String, Map<Object, Entry>> entries = new ConcurrentHashMap<>();

    void add(Map<String, ?> properties) {
        Object name = properties.get(Participant.NAME);
        if (name != null) {
            entries.computeIfAbsent(name.toString(), n -> new ConcurrentHashMap<>()).put(id(properties),
                    entry(properties));
        }
    }

    void remove(Map<String, ?> properties) {
        Object name = properties.get(Participant.NAME);
        if (name != null) {
            entries.computeIfPresent(name.toString(), (n, byService) -> {
                byService.remove(id(properties));
                return byService.isEmpty() ? null : byService;
            });
        }
    }

    /** The newest registration's entry wins when there are several. */
    Entry get(String name) {
        Map<Object, Entry> byService = entries.get(name);
        if (byService == null) {
            return UNKNOWN;
        }
        Entry found = UNKNOWN;
        long newest = Long.MIN_VALUE;
        for (Iterator<Map.Entry<Object, Entry>> it = byService.entrySet().iterator(); it.hasNext();) {
            Map.Entry<Object, Entry> entry = it.next();
            long id = entry.getKey() instanceof Long l ? l : 0;
            if (id >= newest) {
                newest = id;
                found = entry.getValue();
            }
        }
        return found;
    }

    private static Object id(Map<String, ?> properties) {
        Object id = properties.get(SERVICE_ID);
        return id == null ? 0L : id;
    }

    private static Entry entry(Map<String, ?> properties) {
        Object kind = properties.get(Participant.KIND);
        Object number = properties.get(Participant.NUMBER);
        return new Entry(kind == null ? "" : kind.toString(), number == null ? "" : number.toString());
    }
}
