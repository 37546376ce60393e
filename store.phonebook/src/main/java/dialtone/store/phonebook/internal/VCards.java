package dialtone.store.phonebook.internal;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import dialtone.store.phonebook.Contact;
import dialtone.store.phonebook.ContactNumber;
import ezvcard.VCard;
import ezvcard.VCardVersion;
import ezvcard.io.ParseWarning;
import ezvcard.io.text.VCardReader;
import ezvcard.io.text.VCardWriter;
import ezvcard.parameter.TelephoneType;
import ezvcard.property.Categories;
import ezvcard.property.FormattedName;
import ezvcard.property.Organization;
import ezvcard.property.StructuredName;
import ezvcard.property.Telephone;

/**
 * vCard 3.0 and 4.0 (and 2.1 on import) through ez-vcard's plain-text reader and writer, which
 * need none of its optional libraries (freemarker, jsoup, jackson). A card with a line ez-vcard
 * had to skip, or a value it could not parse, refuses the whole file with that line's number.
 */
final class VCards {

    /** ez-vcard's codes for a line skipped as malformed and for a property value that does not parse. */
    private static final Set<Integer> FATAL = Set.of(27, 25);

    /** The category favourites are exported with; "favorite" and "starred" are read too. */
    static final String FAVOURITE = "Favourites";

    private static final Set<String> FAVOURITE_WORDS = Set.of("favourites", "favourite", "favorites", "favorite",
            "starred");

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
        List<Contact> contacts = new ArrayList<>();
        int skipped = 0;
        int cards = 0;
        try (VCardReader reader = new VCardReader(in)) {
            VCard card;
            while ((card = reader.readNext()) != null) {
                cards++;
                for (ParseWarning warning : reader.getWarnings()) {
                    if (warning.getCode() != null && FATAL.contains(warning.getCode())) {
                        Integer line = warning.getLineNumber();
                        throw new Refused(line == null ? 0 : line, warning.getMessage());
                    }
                }
                List<ContactNumber> numbers = numbers(card);
                if (numbers.isEmpty()) {
                    skipped++;
                    continue;
                }
                contacts.add(Contact.of(name(card, numbers), numbers, favourite(card)));
            }
        }
        if (cards == 0) {
            throw new Refused(0, "no BEGIN:VCARD ... END:VCARD found");
        }
        return new Imported(contacts, skipped);
    }

    static void write(List<Contact> contacts, VCardVersion version, Writer out) throws IOException {
        VCardWriter writer = new VCardWriter(out, version);
        for (Contact contact : contacts) {
            writer.write(card(contact));
        }
        writer.flush();
    }

    private static VCard card(Contact contact) {
        VCard card = new VCard();
        card.setFormattedName(contact.name());
        StructuredName n = new StructuredName();
        int space = contact.name().lastIndexOf(' ');
        if (space > 0) {
            n.setGiven(contact.name().substring(0, space));
            n.setFamily(contact.name().substring(space + 1));
        } else {
            n.setFamily(contact.name());
        }
        card.setStructuredName(n);
        for (ContactNumber number : contact.numbers()) {
            Telephone tel = new Telephone(number.number());
            tel.getTypes().add(switch (number.type()) {
                case HOME -> TelephoneType.HOME;
                case MOBILE -> TelephoneType.CELL;
                case WORK -> TelephoneType.WORK;
            });
            tel.getTypes().add(TelephoneType.VOICE);
            card.addTelephoneNumber(tel);
        }
        if (contact.favourite()) {
            card.setCategories(FAVOURITE);
        }
        return card;
    }

    private static List<ContactNumber> numbers(VCard card) {
        List<ContactNumber> numbers = new ArrayList<>();
        for (Telephone tel : card.getTelephoneNumbers()) {
            String text = tel.getText() != null ? tel.getText() : tel.getUri() != null ? tel.getUri().getNumber() : null;
            if (text == null || text.isBlank()) {
                continue;
            }
            ContactNumber.Type type = ContactNumber.Type.HOME;
            List<TelephoneType> types = tel.getTypes();
            if (types.contains(TelephoneType.CELL)) {
                type = ContactNumber.Type.MOBILE;
            } else if (types.contains(TelephoneType.WORK)) {
                type = ContactNumber.Type.WORK;
            }
            numbers.add(new ContactNumber(type, text));
        }
        return numbers;
    }

    private static String name(VCard card, List<ContactNumber> numbers) {
        FormattedName fn = card.getFormattedName();
        if (fn != null && fn.getValue() != null && !fn.getValue().isBlank()) {
            return fn.getValue().strip();
        }
        StructuredName n = card.getStructuredName();
        if (n != null) {
            String joined = String.join(" ", nonBlank(n.getGiven()), nonBlank(n.getFamily())).strip();
            if (!joined.isEmpty()) {
                return joined;
            }
        }
        Organization org = card.getOrganization();
        if (org != null && !org.getValues().isEmpty() && !org.getValues().get(0).isBlank()) {
            return org.getValues().get(0).strip();
        }
        return numbers.get(0).number();
    }

    private static boolean favourite(VCard card) {
        for (Categories categories : card.getCategoriesList()) {
            for (String value : categories.getValues()) {
                if (FAVOURITE_WORDS.contains(value.strip().toLowerCase(Locale.ROOT))) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String nonBlank(String text) {
        return text == null ? "" : text.strip();
    }

    /** "3.0" or "4.0". */
    static VCardVersion version(String text) {
        VCardVersion version = VCardVersion.valueOfByStr(text.trim());
        if (version != VCardVersion.V3_0 && version != VCardVersion.V4_0) {
            throw new IllegalArgumentException("vCard version must be 3.0 or 4.0, not '" + text + "'");
        }
        return version;
    }
}
