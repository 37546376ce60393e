package dialtone.store.phonebook.internal;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import com.github.mangstadt.vinnie.SyntaxStyle;
import com.github.mangstadt.vinnie.VObjectParameters;
import com.github.mangstadt.vinnie.VObjectProperty;
import com.github.mangstadt.vinnie.io.Context;
import com.github.mangstadt.vinnie.io.SyntaxRules;
import com.github.mangstadt.vinnie.io.VObjectDataListener;
import com.github.mangstadt.vinnie.io.VObjectPropertyValues;
import com.github.mangstadt.vinnie.io.VObjectReader;
import com.github.mangstadt.vinnie.io.VObjectWriter;
import com.github.mangstadt.vinnie.io.Warning;

import dialtone.store.phonebook.Contact;
import dialtone.store.phonebook.ContactNumber;

/**
 * vCard 3.0 and 4.0 (and 2.1 on import) through vinnie, the vCard syntax library ez-vcard itself
 * is built on: it does the line unfolding, parameters, escaping, quoted-printable and charsets;
 * this class maps the few properties a phonebook keeps (FN, N, ORG, TEL, CATEGORIES). ez-vcard's
 * own model class cannot be loaded without freemarker (see docs/phonebook.md), which the router
 * has no room for. A line the syntax rejects refuses the whole file with that line's number.
 */
final class VCards {

    /** Syntax faults that make a file unreadable rather than merely unusual. */
    private static final Set<Warning> FATAL = Set.of(Warning.MALFORMED_LINE, Warning.QUOTED_PRINTABLE_ERROR,
            Warning.UNMATCHED_END, Warning.EMPTY_BEGIN, Warning.EMPTY_END);

    /** The category favourites are exported with; "favorite" and "starred" are read too. */
    static final String FAVOURITE = "Favourites";

    private static final Set<String> FAVOURITE_WORDS = Set.of("favourites", "favourite", "favorites", "favorite",
            "starred");

    static final Set<String> VERSIONS = Set.of("3.0", "4.0");

    /** A file that does not parse. */
    static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;

        private final int line;

        Refused(int line, String message) {
            super(line > 0 ? "line " + line + ": " + message : message);
            this.line = line;
        }

        /** The line it failed on; 0 when no line is to blame. */
        int line() {
            return line;
        }
    }

    /**
     * What a file held.
     *
     * @param contacts the cards as contacts, not yet stored
     * @param skipped  cards without a telephone number, which a phonebook has no use for
     */
    record Imported(List<Contact> contacts, int skipped) {
    }

    private VCards() {
    }

    static Imported read(Reader in) throws IOException, Refused {
        Collector collector = new Collector();
        try (VObjectReader reader = new VObjectReader(in, SyntaxRules.vcard())) {
            reader.parse(collector);
        }
        if (collector.refused != null) {
            throw collector.refused;
        }
        if (collector.card != null) {
            throw new Refused(collector.card.beginLine, "BEGIN:VCARD without END:VCARD");
        }
        if (collector.cards == 0) {
            throw new Refused(0, "no BEGIN:VCARD ... END:VCARD found");
        }
        return new Imported(collector.contacts, collector.skipped);
    }

    /** One card as it is read. */
    private static final class Card {
        final int beginLine;
        String formattedName;
        String structuredName;
        String organization;
        boolean favourite;
        final List<ContactNumber> numbers = new ArrayList<>();

        Card(int beginLine) {
            this.beginLine = beginLine;
        }

        Contact contact() {
            String name = formattedName;
            if (blank(name)) {
                name = structuredName;
            }
            if (blank(name)) {
                name = organization;
            }
            if (blank(name)) {
                name = numbers.get(0).number();
            }
            return Contact.of(name, numbers, favourite);
        }
    }

    private static final class Collector implements VObjectDataListener {
        final List<Contact> contacts = new ArrayList<>();
        int cards;
        int skipped;
        Card card;
        Refused refused;

        @Override
        public void onComponentBegin(String name, Context context) {
            if ("VCARD".equalsIgnoreCase(name) && context.getParentComponents().isEmpty()) {
                card = new Card(context.getLineNumber());
            }
        }

        @Override
        public void onComponentEnd(String name, Context context) {
            if ("VCARD".equalsIgnoreCase(name) && context.getParentComponents().isEmpty() && card != null) {
                cards++;
                if (card.numbers.isEmpty()) {
                    skipped++;
                } else {
                    contacts.add(card.contact());
                }
                card = null;
            }
        }

        @Override
        public void onProperty(VObjectProperty property, Context context) {
            List<String> parents = context.getParentComponents();
            if (card == null || parents.size() != 1) {
                return;
            }
            String value = property.getValue() == null ? "" : property.getValue();
            switch (property.getName().toUpperCase(Locale.ROOT)) {
                case "FN" -> card.formattedName = VObjectPropertyValues.unescape(value).strip();
                case "N" -> card.structuredName = structuredName(value);
                case "ORG" -> {
                    List<String> units = VObjectPropertyValues.parseSemiStructured(value);
                    card.organization = units.isEmpty() ? null : units.get(0).strip();
                }
                case "TEL" -> number(property, value);
                case "CATEGORIES" -> {
                    for (String category : VObjectPropertyValues.parseList(value)) {
                        if (FAVOURITE_WORDS.contains(category.strip().toLowerCase(Locale.ROOT))) {
                            card.favourite = true;
                        }
                    }
                }
                default -> {
                    // Addresses, photos, e-mail and the rest are no use to a telephone exchange.
                }
            }
        }

        private void number(VObjectProperty property, String value) {
            String number = VObjectPropertyValues.unescape(value).strip();
            if (number.regionMatches(true, 0, "tel:", 0, 4)) {
                number = number.substring(4);
                int params = number.indexOf(';');
                if (params >= 0) {
                    number = number.substring(0, params);
                }
            }
            if (number.isEmpty()) {
                return;
            }
            Set<String> types = types(property.getParameters());
            ContactNumber.Type type = types.contains("cell") ? ContactNumber.Type.MOBILE
                    : types.contains("work") ? ContactNumber.Type.WORK : ContactNumber.Type.HOME;
            card.numbers.add(new ContactNumber(type, number));
        }

        @Override
        public void onVersion(String value, Context context) {
            // vinnie switches between 2.1 and 3.0/4.0 syntax by itself.
        }

        @Override
        public void onWarning(Warning warning, VObjectProperty property, Exception thrown, Context context) {
            if (refused == null && FATAL.contains(warning)) {
                refused = new Refused(context.getLineNumber(), warning.getMessage() + ": \""
                        + context.getUnfoldedLine() + "\"");
                context.stop();
            }
        }
    }

    /** TYPE values in any of the ways vCards write them: TYPE=a,b; TYPE=a;TYPE=b; "a,b"; 2.1's bare ;HOME. */
    private static Set<String> types(VObjectParameters parameters) {
        Set<String> types = new java.util.HashSet<>();
        List<String> values = new ArrayList<>();
        for (String name : new String[] { "TYPE", null }) {
            List<String> named = parameters.get(name);
            if (named != null) {
                values.addAll(named);
            }
        }
        for (String value : values) {
            for (String one : value.replace("\"", "").split(",")) {
                types.add(one.strip().toLowerCase(Locale.ROOT));
            }
        }
        return types;
    }

    /** "Schmidt;Anna Maria;;Dr.;" becomes "Anna Maria Schmidt". */
    private static String structuredName(String value) {
        List<List<String>> parts = VObjectPropertyValues.parseStructured(value);
        String family = parts.size() > 0 ? String.join(" ", parts.get(0)).strip() : "";
        String given = parts.size() > 1 ? String.join(" ", parts.get(1)).strip() : "";
        String joined = (given + " " + family).strip();
        return joined.isEmpty() ? null : joined;
    }

    static void write(List<Contact> contacts, String version, Writer out) throws IOException {
        if (!VERSIONS.contains(version)) {
            throw new IllegalArgumentException("vCard version must be 3.0 or 4.0, not '" + version + "'");
        }
        boolean v4 = "4.0".equals(version);
        VObjectWriter writer = new VObjectWriter(out, SyntaxStyle.NEW);
        for (Contact contact : contacts) {
            writer.writeBeginComponent("VCARD");
            writer.writeVersion(version);
            writer.writeProperty("FN", VObjectPropertyValues.escape(contact.name()));
            int space = contact.name().lastIndexOf(' ');
            String family = space > 0 ? contact.name().substring(space + 1) : contact.name();
            String given = space > 0 ? contact.name().substring(0, space) : "";
            writer.writeProperty("N", VObjectPropertyValues.writeStructured(
                    List.of(List.of(family), List.of(given), List.of(), List.of(), List.of()), false));
            for (ContactNumber number : contact.numbers()) {
                VObjectParameters parameters = new VObjectParameters();
                if (v4) {
                    // A number as the user wrote it is text; 4.0's default for TEL is a tel: URI.
                    parameters.put("VALUE", "text");
                }
                parameters.put("TYPE", switch (number.type()) {
                    case HOME -> "home";
                    case MOBILE -> "cell";
                    case WORK -> "work";
                });
                parameters.put("TYPE", "voice");
                writer.writeProperty(null, "TEL", parameters, VObjectPropertyValues.escape(number.number()));
            }
            if (contact.favourite()) {
                writer.writeProperty("CATEGORIES", VObjectPropertyValues.writeList(List.of(FAVOURITE)));
            }
            writer.writeEndComponent("VCARD");
        }
        writer.flush();
    }

    private static boolean blank(String text) {
        return text == null || text.isBlank();
    }
}
