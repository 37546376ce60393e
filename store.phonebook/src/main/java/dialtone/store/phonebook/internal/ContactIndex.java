package dialtone.store.phonebook.internal;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.regex.Pattern;

import dialtone.store.phonebook.Contact;
import dialtone.store.phonebook.ContactNumber;

/**
 * The contacts in memory with their indexes: by id, by number key (hashed for look-ups, sorted
 * for prefix search) and by name words. Reads are lock-free and never block, from any thread;
 * changes come one at a time (the store serialises them). A reader racing with a change sees the
 * contact before or after it, never a name under a number the contact no longer has.
 */
final class ContactIndex {

    /** Orders contacts as lists show them: favourites first, then by name. */
    static final Comparator<Contact> LISTING = Comparator.comparing((Contact c) -> !c.favourite())
            .thenComparing(c -> fold(c.name())).thenComparingLong(Contact::id);

    /** The same orders over entries, whose folded names are computed once, when the contact is stored. */
    private static final Comparator<Entry> ENTRY_LISTING = Comparator.comparing((Entry e) -> !e.contact().favourite())
            .thenComparing(Entry::folded).thenComparingLong(e -> e.contact().id());

    private static final Comparator<Entry> ENTRY_BY_NAME = Comparator.comparing(Entry::folded)
            .thenComparingLong(e -> e.contact().id());

    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    private static final char PAST = '\uffff';

    /**
     * A stored contact with what it is indexed under. The number index holds entries themselves,
     * so a look-up is one hash probe; {@code live} turns false once a newer entry (or a removal)
     * has replaced it everywhere.
     */
    private static final class Entry {
        final Contact contact;
        final String folded;
        final String[] keys;
        final String[] nameKeys;
        volatile boolean live = true;

        Entry(Contact contact, String folded, String[] keys, String[] nameKeys) {
            this.contact = contact;
            this.folded = folded;
            this.keys = keys;
            this.nameKeys = nameKeys;
        }

        Contact contact() {
            return contact;
        }

        String folded() {
            return folded;
        }

        String[] keys() {
            return keys;
        }

        String[] nameKeys() {
            return nameKeys;
        }

        long id() {
            return contact.id();
        }

        boolean hasKey(String key) {
            for (String k : keys) {
                if (k.equals(key)) {
                    return true;
                }
            }
            return false;
        }
    }

    private final NumberMatcher matcher;
    private final ConcurrentHashMap<Long, Entry> byId = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Entry[]> byKey = new ConcurrentHashMap<>();
    private final ConcurrentSkipListMap<String, long[]> byKeySorted = new ConcurrentSkipListMap<>();
    /** Name suffixes starting at each word, folded. */
    private final ConcurrentSkipListMap<String, long[]> byName = new ConcurrentSkipListMap<>();

    ContactIndex(NumberMatcher matcher) {
        this.matcher = matcher;
    }

    int size() {
        return byId.size();
    }

    boolean contains(long id) {
        return byId.containsKey(id);
    }

    Optional<Contact> get(long id) {
        Entry entry = byId.get(id);
        return entry == null ? Optional.empty() : Optional.of(entry.contact());
    }

    /** Adds the contact or replaces the one with its id. */
    void put(Contact contact) {
        Set<String> keys = new LinkedHashSet<>();
        for (ContactNumber number : contact.numbers()) {
            String key = matcher.key(number.number());
            if (!key.isEmpty()) {
                keys.add(key.intern());
            }
        }
        String folded = fold(contact.name());
        Entry fresh = new Entry(contact, folded, keys.toArray(String[]::new), nameKeys(folded));
        long id = contact.id();
        // The new keys go in before the old ones go out, so a concurrent look-up of a number the
        // contact keeps always finds it.
        Entry old = byId.put(id, fresh);
        for (String key : fresh.keys()) {
            byKey.compute(key, (k, entries) -> with(entries, fresh));
            byKeySorted.compute(key, (k, ids) -> with(ids, id));
        }
        for (String key : fresh.nameKeys()) {
            byName.compute(key, (k, ids) -> with(ids, id));
        }
        if (old != null) {
            unindex(old, fresh);
            old.live = false;
        }
    }

    boolean remove(long id) {
        Entry old = byId.remove(id);
        if (old == null) {
            return false;
        }
        unindex(old, null);
        old.live = false;
        return true;
    }

    private void unindex(Entry old, Entry kept) {
        long id = old.contact().id();
        for (String key : old.keys()) {
            if (kept == null || !kept.hasKey(key)) {
                byKey.computeIfPresent(key, (k, entries) -> without(entries, id));
                byKeySorted.computeIfPresent(key, (k, ids) -> without(ids, id));
            }
        }
        for (String key : old.nameKeys()) {
            if (kept == null || !Arrays.asList(kept.nameKeys()).contains(key)) {
                byName.computeIfPresent(key, (k, ids) -> without(ids, id));
            }
        }
    }

    /** The contact an incoming number belongs to; a favourite wins when several share it. */
    Optional<Contact> lookup(String raw) {
        String key = matcher.incomingKey(raw);
        if (key.isEmpty()) {
            return Optional.empty();
        }
        Contact found = find(key);
        if (found == null) {
            String alternative = matcher.alternativeKey(raw);
            if (alternative != null) {
                found = find(alternative);
            }
        }
        return Optional.ofNullable(found);
    }

    private Contact find(String key) {
        Entry[] entries = byKey.get(key);
        if (entries == null) {
            return null;
        }
        Contact best = null;
        for (Entry entry : entries) {
            if (!entry.live) {
                // Replaced while this reader held the old array: the current entry, if it still has the number.
                entry = byId.get(entry.id());
                if (entry == null || !entry.hasKey(key)) {
                    continue;
                }
            }
            Contact c = entry.contact;
            if (best == null || c.favourite() && !best.favourite()) {
                best = c;
            }
        }
        return best;
    }

    List<Contact> all() {
        List<Entry> entries = new ArrayList<>(byId.values());
        entries.sort(ENTRY_LISTING);
        List<Contact> all = new ArrayList<>(entries.size());
        for (Entry entry : entries) {
            all.add(entry.contact());
        }
        return all;
    }

    /** Up to {@code limit} contacts with a name word starting with {@code prefix}, by name. */
    List<Contact> findByName(String prefix, int limit) {
        String folded = fold(prefix);
        if (folded.isEmpty()) {
            return List.of();
        }
        return collect(byName, folded, limit);
    }

    /** Up to {@code limit} contacts with a number starting with {@code prefix} in national or international form, by name. */
    List<Contact> findByNumber(String prefix, int limit) {
        String key = matcher.prefixKey(prefix);
        if (key.isEmpty()) {
            return List.of();
        }
        return collect(byKeySorted, key, limit);
    }

    private List<Contact> collect(ConcurrentSkipListMap<String, long[]> index, String prefix, int limit) {
        Set<Long> ids = new LinkedHashSet<>();
        ConcurrentMap<String, long[]> range = index.subMap(prefix, true, prefix + PAST, false);
        outer:
        for (Map.Entry<String, long[]> e : range.entrySet()) {
            for (long id : e.getValue()) {
                if (ids.size() >= limit) {
                    break outer;
                }
                ids.add(id);
            }
        }
        List<Entry> entries = new ArrayList<>(ids.size());
        for (Long id : ids) {
            Entry entry = byId.get(id);
            if (entry != null) {
                entries.add(entry);
            }
        }
        entries.sort(ENTRY_BY_NAME);
        List<Contact> found = new ArrayList<>(entries.size());
        for (Entry entry : entries) {
            found.add(entry.contact());
        }
        return found;
    }

    /** "anna maria schmidt" is found by "anna", "maria" and "schmidt" and by any prefix of those. */
    private static String[] nameKeys(String folded) {
        Set<String> keys = new LinkedHashSet<>();
        keys.add(folded);
        for (int i = 1; i < folded.length(); i++) {
            if (folded.charAt(i - 1) == ' ' && folded.charAt(i) != ' ') {
                keys.add(folded.substring(i));
            }
        }
        return keys.toArray(String[]::new);
    }

    /** Lower case without accents or punctuation runs: "Müller-Lüdenscheidt" → "muller ludenscheidt". */
    static String fold(String text) {
        String plain = MARKS.matcher(Normalizer.normalize(text, Normalizer.Form.NFD)).replaceAll("");
        StringBuilder out = new StringBuilder(plain.length());
        for (int i = 0; i < plain.length(); i++) {
            char c = plain.charAt(i);
            if (Character.isLetterOrDigit(c)) {
                out.append(Character.toLowerCase(c));
            } else if (out.length() > 0 && out.charAt(out.length() - 1) != ' ') {
                out.append(' ');
            }
        }
        int end = out.length();
        while (end > 0 && out.charAt(end - 1) == ' ') {
            end--;
        }
        return out.substring(0, end).toLowerCase(Locale.ROOT);
    }

    /** The entries with {@code fresh} in place of the one with its id, or added. */
    private static Entry[] with(Entry[] entries, Entry fresh) {
        if (entries == null) {
            return new Entry[] { fresh };
        }
        for (int i = 0; i < entries.length; i++) {
            if (entries[i].id() == fresh.id()) {
                Entry[] copy = entries.clone();
                copy[i] = fresh;
                return copy;
            }
        }
        Entry[] more = Arrays.copyOf(entries, entries.length + 1);
        more[entries.length] = fresh;
        return more;
    }

    private static Entry[] without(Entry[] entries, long id) {
        int at = -1;
        for (int i = 0; i < entries.length; i++) {
            if (entries[i].id() == id) {
                at = i;
            }
        }
        if (at < 0) {
            return entries;
        }
        if (entries.length == 1) {
            return null;
        }
        Entry[] fewer = new Entry[entries.length - 1];
        System.arraycopy(entries, 0, fewer, 0, at);
        System.arraycopy(entries, at + 1, fewer, at, entries.length - at - 1);
        return fewer;
    }

    private static long[] with(long[] ids, long id) {
        if (ids == null) {
            return new long[] { id };
        }
        for (long existing : ids) {
            if (existing == id) {
                return ids;
            }
        }
        long[] more = Arrays.copyOf(ids, ids.length + 1);
        more[ids.length] = id;
        return more;
    }

    private static long[] without(long[] ids, long id) {
        int at = -1;
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] == id) {
                at = i;
            }
        }
        if (at < 0) {
            return ids;
        }
        if (ids.length == 1) {
            return null;
        }
        long[] fewer = new long[ids.length - 1];
        System.arraycopy(ids, 0, fewer, 0, at);
        System.arraycopy(ids, at + 1, fewer, at, ids.length - at - 1);
        return fewer;
    }
}
