package dialtone.store.phonebook.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import dialtone.store.phonebook.Contact;
import dialtone.store.phonebook.ContactNumber;

/** An incoming number finds its contact however the network writes it, and only its contact. */
public class NumberMatchingTest {

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    private PhonebookStore store;

    @Before
    public void open() {
        store = new PhonebookStore(StoreSettings.of(folder.getRoot().toPath().resolve("phonebook.db"), "DE", "030"));
    }

    @After
    public void close() {
        store.close();
    }

    private static final List<String> BERLIN_FORMS = List.of("+49 30 1234567", "+49301234567", "0049301234567",
            "0049 30 1234567", "030 1234567", "030/123 45 67", "0301234567", "1234567", "123 45 67",
            "49301234567", "sip:+49301234567@sip.example.net", "tel:+49-30-1234567", "sip:0301234567@10.0.0.1;user=phone");

    @Test
    public void aNumberStoredInAnyFormMatchesEveryFormTheNetworkWrites() {
        for (String stored : List.of("+49 30 1234567", "0049301234567", "030 1234567", "1234567")) {
            Contact anna = store.add("Anna", List.of(ContactNumber.home(stored)), false).value();
            for (String incoming : BERLIN_FORMS) {
                assertEquals("stored as '" + stored + "', arriving as '" + incoming + "'", Optional.of("Anna"),
                        store.nameFor(incoming));
            }
            store.remove(anna.id());
            assertEquals(Optional.empty(), store.nameFor("030 1234567"));
        }
    }

    @Test
    public void whatOnlyAFullParseReadsIsParsed() {
        store.add("Anna", List.of(ContactNumber.home("+49 (0)30 1234567")), false);
        store.add("Flowers", List.of(ContactNumber.work("0800-FLOWERS")), false);
        assertEquals(Optional.of("Anna"), store.nameFor("030 1234567"));
        assertEquals(Optional.of("Anna"), store.nameFor("0049 (0)30 1234567"));
        assertEquals(Optional.of("Flowers"), store.nameFor("+49 800 3569377"));
        assertEquals(Optional.of("Flowers"), store.nameFor("0800 FLOWERS"));
    }

    @Test
    public void otherNumbersDoNotMatch() {
        store.add("Anna", List.of(ContactNumber.home("030 1234567")), false);
        for (String other : List.of("030 1234568", "040 1234567", "+49 40 1234567", "+43 30 1234567", "234567",
                "12345678", "", "anonymous", "sip:anonymous@anonymous.invalid")) {
            assertEquals("'" + other + "'", Optional.empty(), store.nameFor(other));
        }
    }

    @Test
    public void mobileAndForeignNumbersMatchInNationalAndInternationalForm() {
        store.add("Bea", List.of(ContactNumber.mobile("0170 5551234")), false);
        store.add("Claude", List.of(ContactNumber.work("+33 1 23 45 67 89")), false);
        for (String incoming : List.of("+491705551234", "00491705551234", "0170-5551234", "01705551234")) {
            assertEquals(incoming, Optional.of("Bea"), store.nameFor(incoming));
        }
        for (String incoming : List.of("+33123456789", "0033123456789", "0033 1 23 45 67 89")) {
            assertEquals(incoming, Optional.of("Claude"), store.nameFor(incoming));
        }
        // A French national number is not a German one.
        assertEquals(Optional.empty(), store.nameFor("01 23 45 67 89"));
    }

    @Test
    public void withoutAnAreaCodeABareSubscriberNumberMatchesNothing() {
        Path file = folder.getRoot().toPath().resolve("other.db");
        try (PhonebookStore noArea = new PhonebookStore(StoreSettings.of(file, "DE", ""))) {
            noArea.add("Anna", List.of(ContactNumber.home("030 1234567")), false);
            assertEquals(Optional.of("Anna"), noArea.nameFor("+49 30 1234567"));
            assertEquals(Optional.empty(), noArea.nameFor("1234567"));
        }
    }

    @Test
    public void theAreaCodeMayBeConfiguredWithOrWithoutTrunkPrefix() {
        NumberMatcher with = new NumberMatcher("DE", "030");
        NumberMatcher without = new NumberMatcher("de", "30");
        assertEquals("+49301234567", with.key("1234567"));
        assertEquals("+49301234567", without.key("1234567"));
        assertEquals("+49301234567", without.incomingKey("1234567"));
    }

    @Test
    public void aFavouriteWinsWhenTwoContactsShareANumber() {
        store.add("Office", List.of(ContactNumber.work("030 1234567")), false);
        store.add("Dana", List.of(ContactNumber.work("+49301234567")), true);
        assertEquals(Optional.of("Dana"), store.nameFor("1234567"));
    }

    @Test
    public void anUpdatedContactIsFoundUnderItsNewNumberOnly() {
        Contact anna = store.add("Anna", List.of(ContactNumber.home("030 1234567")), false).value();
        store.update(new Contact(anna.id(), "Anna S.", List.of(ContactNumber.mobile("0170 5551234")), false));
        assertEquals(Optional.empty(), store.nameFor("030 1234567"));
        assertEquals(Optional.of("Anna S."), store.nameFor("+491705551234"));
    }

    @Test
    public void internalShortCodesAreMatchedAsWritten() {
        store.add("Door", List.of(ContactNumber.home("**11")), false);
        assertEquals(Optional.of("Door"), store.nameFor("**11"));
        assertFalse(store.nameFor("11").isPresent());
    }

    @Test
    public void theShortcutIsUsedOnlyWhereItAgreesWithLibphonenumber() {
        for (String simple : List.of("DE", "AT", "CH", "FR", "GB", "IT", "NL")) {
            assertTrue(simple, new NumberMatcher(simple, "").shortcut());
        }
        // Argentina writes mobile numbers nationally with a 15 that E.164 replaces by a 9; the
        // US writes national numbers without its trunk prefix 1. There every number is parsed.
        assertFalse(new NumberMatcher("AR", "").shortcut());
        assertFalse(new NumberMatcher("US", "").shortcut());
    }

    @Test
    public void theStatusSaysHowNumbersAreRead() {
        assertEquals("country DE, area code 30, incoming numbers matched by prefixes", store.status().numbering());
    }

    @Test
    public void inACountryWithoutShortcutNumbersStillMatch() {
        Path file = folder.getRoot().toPath().resolve("ar.db");
        try (PhonebookStore buenosAires = new PhonebookStore(StoreSettings.of(file, "AR", "11"))) {
            buenosAires.add("Lucía", List.of(ContactNumber.mobile("011 15-2345-6789")), false);
            assertEquals(Optional.of("Lucía"), buenosAires.nameFor("+54 9 11 2345-6789"));
            assertEquals(Optional.of("Lucía"), buenosAires.nameFor("011 15-2345-6789"));
            assertEquals("country AR, area code 11, every incoming number parsed", buenosAires.status().numbering());
        }
    }

    @Test(expected = IllegalArgumentException.class)
    public void anUnknownCountryIsRefused() {
        new NumberMatcher("XX", "");
    }

    @Test
    public void cleaningKeepsOnlyWhatDials() {
        assertEquals("+49301234567", NumberMatcher.clean("sip:+49 (30) 123-4567@host;user=phone"));
        assertEquals("*21#", NumberMatcher.clean("*21#"));
        assertTrue(NumberMatcher.clean("anonymous").isEmpty());
    }
}
