package dialtone.store.phonebook;

import java.util.Locale;
import java.util.Objects;

/**
 * One of a contact's numbers, as the user wrote it.
 *
 * @param type   home, mobile or work
 * @param number the number as entered; matching ignores how it is written
 */
public record ContactNumber(Type type, String number) {

    /** What kind of number it is. */
    public enum Type {
        HOME, MOBILE, WORK;

        /** The type named {@code text} (any case), for the shell and for vCard TYPE values. */
        public static Type parse(String text) {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        }
    }

    public ContactNumber {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(number, "number");
        number = number.strip();
        if (number.isEmpty()) {
            throw new IllegalArgumentException("empty number");
        }
    }

    public static ContactNumber home(String number) {
        return new ContactNumber(Type.HOME, number);
    }

    public static ContactNumber mobile(String number) {
        return new ContactNumber(Type.MOBILE, number);
    }

    public static ContactNumber work(String number) {
        return new ContactNumber(Type.WORK, number);
    }

    @Override
    public String toString() {
        return type.name().toLowerCase(Locale.ROOT) + ":" + number;
    }
}
