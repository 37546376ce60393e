package dialtone.store.phonebook;

import java.util.List;
import java.util.Objects;

/**
 * A phonebook entry. Immutable; change one with {@link Phonebook#update}.
 *
 * @param id        assigned by the store, 0 for a contact not yet stored
 * @param name      the name shown to the user
 * @param numbers   its numbers, at least one
 * @param favourite listed first and offered for speed dial
 */
public record Contact(long id, String name, List<ContactNumber> numbers, boolean favourite) {

    public Contact {
        Objects.requireNonNull(name, "name");
        name = name.strip();
        if (name.isEmpty()) {
            throw new IllegalArgumentException("empty name");
        }
        numbers = List.copyOf(numbers);
        if (numbers.isEmpty()) {
            throw new IllegalArgumentException("a contact needs a number");
        }
    }

    /** A contact not yet stored. */
    public static Contact of(String name, List<ContactNumber> numbers, boolean favourite) {
        return new Contact(0, name, numbers, favourite);
    }

    public Contact withId(long newId) {
        return new Contact(newId, name, numbers, favourite);
    }

    public Contact withFavourite(boolean newFavourite) {
        return new Contact(id, name, numbers, newFavourite);
    }

    @Override
    public String toString() {
        return id + " " + (favourite ? "* " : "") + name + " " + numbers;
    }
}
