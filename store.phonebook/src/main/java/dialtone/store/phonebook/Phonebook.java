package dialtone.store.phonebook;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The contacts. Every read is answered from memory without blocking, so the call core may look a
 * caller up on its own thread; every change is visible to reads as soon as the method returns and
 * reaches the disk later, acknowledged by {@link Write#acknowledged()}.
 */
@ProviderType
public interface Phonebook {

    /** The contact owning a number, however the network wrote it (+49 30 1234567, 0049301234567, 030 1234567, 1234567). */
    Optional<Contact> lookup(String number);

    /** The name stored for a number, however the network wrote it; empty when nobody has it. */
    default Optional<String> nameFor(String number) {
        return lookup(number).map(Contact::name);
    }

    /** The contact with this id. */
    Optional<Contact> contact(long id);

    /** Every contact, favourites first, then by name. */
    List<Contact> contacts();

    /** Contacts whose name, or a word of it, starts with {@code prefix} (case and accents ignored), by name. */
    List<Contact> findByName(String prefix, int limit);

    /** Contacts with a number starting with {@code prefix}, in national or international form, by name. */
    List<Contact> findByNumber(String prefix, int limit);

    /** Adds a contact; the stored contact carries its new id. */
    Write<Contact> add(String name, List<ContactNumber> numbers, boolean favourite);

    /** Adds all of them in one transaction: after a crash either all are there or none. */
    Write<List<Contact>> addAll(Collection<Contact> contacts);

    /** Replaces the contact with the same id. */
    Write<Contact> update(Contact contact);

    /** Removes the contact; the value is false when there was none with that id. */
    Write<Boolean> remove(long id);

    /** Where the store lives and how it is doing. */
    StoreStatus status();
}
