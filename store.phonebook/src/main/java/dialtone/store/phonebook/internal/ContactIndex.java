package dialtone.store.phonebook.internal;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.regex.Pattern;

import dialtone.store.phonebook.Contact;
import dialtone.store.phonebook.ContactNumber;

/**
 * The contacts in memory with their indexes: by id, by every written form of every number, by
 * name words and by number prefixes. Reads are lock-free and never block, from any thread;
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
    private static final char SEPARATOR = '\u0000';
    private static final char PAST = '\uffff';

    private record Entry(Contact contact, String folded, Set<String> forms, Set<String> nameKeys) {
    }

    private final NumberMatcher matcher;
    private final ConcurrentHashMap<Long, Entry> byId = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, long[]> byForm = new ConcurrentHashMap<>();
    /** Name suffixes starting at each word, folded, then the separator and the id. */
    private final ConcurrentSkipListMap<String, Long> byName = new ConcurrentSkipListMap<>();
    /** Every written form of every number, then the separator and the id. */
    private final ConcurrentSkipListMap<String, Long> byNumber = new ConcurrentSkipListMap<>();

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
        Set<String> forms = new LinkedHashSet<>();
        for (ContactNumber number : contact.numbers()) {
            forms.addAll(matcher.forms(number.number()));
        }
        String folded = fold(contact.name());
        Entry fresh = new Entry(contact, folded, Set.copyOf(forms), nameKeys(folded));
        long id = contact.id();
        // The new keys go in before the old ones go out, so a concurrent look-up of a number the
        // contact keeps always finds it.
        Entry old = byId.put(id, fresh);
        for (String form : fresh.forms()) {
            byForm.compute(form, (key, ids) -> with(ids, id));
            byNumber.put(form + SEPARATOR + id, id);
        }
        for (String key : fresh.nameKeys()) {
            byName.put(key + SEPARATOR + id, id);
        }
        if (old != null) {
            unindex(old, fresh);
        }
    }

    boolean remove(long id) {
        Entry old = byId.remove(id);
        if (old == null) {
            return false;
        }
        unindex(old, null);
        return true;
    }

    private void unindex(Entry old, Entry kept) {
        long id = old.contact().id();
        for (String form : old.forms()) {
            if (kept == null || !kept.forms().contains(form)) {
                byForm.computeIfPresent(form, (key, ids) -> without(ids, id));
                byNumber.remove(form + SEPARATOR + id);
            }
        }
        for (String key : old.nameKeys()) {
            if (kept == null || !kept.nameKeys().contains(key)) {
                byName.remove(key + SEPARATOR + id);
            }
        }
    }

    /** The contact an incoming number belongs to; a favourite wins when several share it. */
    Optional<Contact> lookup(String raw) {
        String cleaned = NumberMatcher.clean(raw);
        if (cleaned.isEmpty()) {
            return Optional.empty();
        }
        Contact found = find(cleaned);
        // Every stored number is indexed under each form the network writes it in (computed by
        // libphonenumber when it was stored), so a miss is final unless the input has what only
        // a full parse understands: a "(0)" or letters.
        if (found == null && NumberMatcher.needsParsing(raw)) {
            String canonical = matcher.canonical(raw);
            if (!canonical.equals(cleaned)) {
                found = find(canonical);
            }
        }
        return Optional.ofNullable(found);
    }

    private Contact find(String form) {
        long[] ids = byForm.get(form);
        if (ids == null) {
            return null;
        }
        Contact best = null;
        for (long id : ids) {
            Entry entry = byId.get(id);
            if (entry != null && entry.forms().contains(form)) {
                Contact c = entry.contact();
                if (best == null || c.favourite() && !best.favourite()) {
                    best = c;
                }
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

    /** Up to {@code limit} contacts with a number (in any written form) starting with {@code prefix}, by name. */
    List<Contact> findByNumber(String prefix, int limit) {
        String cleaned = NumberMatcher.clean(prefix);
        if (cleaned.isEmpty()) {
            return List.of();
        }
        return collect(byNumber, cleaned, limit);
    }

    private List<Contact> collect(ConcurrentSkipListMap<String, Long> index, String prefix, int limit) {
        Set<Long> ids = new LinkedHashSet<>();
        for (Long id : index.subMap(prefix, true, prefix + PAST, false).values()) {
            if (ids.size() >= limit) {
                break;
            }
            ids.add(id);
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

    /** "Anna Maria Schmidt" is found by "anna", "maria" and "schmidt" and by any prefix of those. */
    private static Set<String> nameKeys(String folded) {
        Set<String> keys = new LinkedHashSet<>();
        keys.add(folded);
        for (int i = 1; i < folded.length(); i++) {
            if (folded.charAt(i - 1) == ' ' && folded.charAt(i) != ' ') {
                keys.add(folded.substring(i));
            }
        }
        return Set.copyOf(keys);
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
