package dialtone.store.phonebook.internal;

import static org.junit.Assert.assertEquals;

import java.util.List;
import java.util.stream.Collectors;

import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import dialtone.store.phonebook.Contact;
import dialtone.store.phonebook.ContactNumber;

/** Finding contacts by the start of a name or of a number. */
public class SearchTest {

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    private PhonebookStore store;

    @Before
    public void open() {
        store = new PhonebookStore(StoreSettings.of(folder.getRoot().toPath().resolve("phonebook.db"), "DE", "030"));
        store.add("Anna Maria Schmidt", List.of(ContactNumber.home("030 1234567")), false);
        store.add("Andreas Müller", List.of(ContactNumber.mobile("0170 5551234")), false);
        store.add("Zoë Adams", List.of(ContactNumber.work("+49 40 7654321")), true);
        store.add("Bernd", List.of(ContactNumber.home("030 9876543"), ContactNumber.work("089 111222")), false);
    }

    @After
    public void close() {
        store.close();
    }

    private static List<String> names(List<Contact> contacts) {
        return contacts.stream().map(Contact::name).collect(Collectors.toList());
    }

    @Test
    public void aNamePrefixMatchesAnyWordIgnoringCaseAndAccents() {
        assertEquals(List.of("Andreas Müller", "Anna Maria Schmidt"), names(store.findByName("an", 10)));
        assertEquals(List.of("Anna Maria Schmidt"), names(store.findByName("MARIA", 10)));
        assertEquals(List.of("Anna Maria Schmidt"), names(store.findByName("maria schm", 10)));
        assertEquals(List.of("Andreas Müller"), names(store.findByName("mull", 10)));
        assertEquals(List.of("Andreas Müller"), names(store.findByName("Mü", 10)));
        assertEquals(List.of("Zoë Adams"), names(store.findByName("zoe", 10)));
        assertEquals(List.of("Andreas Müller", "Anna Maria Schmidt", "Zoë Adams"), names(store.findByName("a", 10)));
        assertEquals(List.of(), names(store.findByName("x", 10)));
        assertEquals(List.of(), names(store.findByName("", 10)));
    }

    @Test
    public void theLimitBoundsTheAnswer() {
        assertEquals(2, store.findByName("a", 2).size());
    }

    @Test
    public void aNumberPrefixMatchesNationalAndInternationalForms() {
        assertEquals(List.of("Anna Maria Schmidt", "Bernd"), names(store.findByNumber("030", 10)));
        assertEquals(List.of("Anna Maria Schmidt", "Bernd"), names(store.findByNumber("+49 30", 10)));
        assertEquals(List.of("Anna Maria Schmidt", "Bernd"), names(store.findByNumber("004930", 10)));
        assertEquals(List.of("Andreas Müller"), names(store.findByNumber("0170", 10)));
        assertEquals(List.of("Bernd"), names(store.findByNumber("089 1", 10)));
        assertEquals(List.of("Anna Maria Schmidt"), names(store.findByNumber("123", 10)));
        assertEquals(List.of(), names(store.findByNumber("031", 10)));
    }

    @Test
    public void listingPutsFavouritesFirstThenSortsByName() {
        assertEquals(List.of("Zoë Adams", "Andreas Müller", "Anna Maria Schmidt", "Bernd"), names(store.contacts()));
    }

    @Test
    public void aRemovedContactIsFoundNoMore() {
        long bernd = store.findByName("bernd", 1).get(0).id();
        store.remove(bernd);
        assertEquals(List.of(), names(store.findByName("bernd", 10)));
        assertEquals(List.of("Anna Maria Schmidt"), names(store.findByNumber("030", 10)));
    }
}
