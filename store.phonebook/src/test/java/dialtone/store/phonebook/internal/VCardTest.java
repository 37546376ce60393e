package dialtone.store.phonebook.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import dialtone.store.phonebook.Contact;
import dialtone.store.phonebook.ContactNumber;

/** vCard import and export. */
public class VCardTest {

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    private static final List<Contact> CONTACTS = List.of(
            Contact.of("Anna Maria Schmidt", List.of(ContactNumber.home("030 1234567"),
                    ContactNumber.mobile("+49 170 5551234")), true),
            Contact.of("Jörg Müller-Lüdenscheidt", List.of(ContactNumber.work("089 111222")), false),
            Contact.of("Zoë; \"Comma, Semicolon\"", List.of(ContactNumber.home("**11")), false));

    private static VCards.Imported fixture(String name) throws Exception {
        try (Reader in = new InputStreamReader(VCardTest.class.getResourceAsStream("/vcards/" + name),
                StandardCharsets.UTF_8)) {
            return VCards.read(in);
        }
    }

    private static List<Contact> withoutIds(List<Contact> contacts) {
        return contacts.stream().map(c -> c.withId(0)).collect(Collectors.toList());
    }

    @Test
    public void aPhoneExportInVersion3IsImportedWithTypesAndFavourites() throws Exception {
        VCards.Imported imported = fixture("phone-export-3.0.vcf");
        assertEquals(List.of(
                Contact.of("Anna Maria Schmidt", List.of(ContactNumber.home("030 1234567"),
                        ContactNumber.mobile("+49 170 5551234")), true),
                Contact.of("Jörg Müller", List.of(ContactNumber.work("+49 89 111222")), false)),
                imported.contacts());
        assertEquals(1, imported.skipped());
    }

    @Test
    public void version4TelUrisAndCardsWithoutTypesAreImported() throws Exception {
        VCards.Imported imported = fixture("contacts-4.0.vcf");
        assertEquals(List.of(
                Contact.of("Claude Martin", List.of(ContactNumber.mobile("+33-6-12-34-56-78"),
                        ContactNumber.work("+33 1 23 45 67 89")), false),
                Contact.of("ACME Reception", List.of(ContactNumber.home("040 555000")), false)),
                imported.contacts());
    }

    @Test
    public void anOldVersion21CardWithQuotedPrintableAndBareTypesIsImported() throws Exception {
        assertEquals(List.of(Contact.of("Jürgen Weber", List.of(ContactNumber.home("030-7777777"),
                ContactNumber.mobile("0171 8888888")), false)), fixture("old-phone-2.1.vcf").contacts());
    }

    @Test
    public void aCardWithoutEndIsRefusedAtItsBegin() throws Exception {
        try {
            VCards.read(new StringReader("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:A\r\nTEL:1\r\n"));
            fail("an unterminated card was accepted");
        } catch (VCards.Refused refused) {
            assertEquals(1, refused.line());
        }
    }

    @Test
    public void aMalformedLineRefusesTheFileWithItsLineNumber() throws Exception {
        try {
            fixture("malformed-line-9.vcf");
            fail("a malformed line was accepted");
        } catch (VCards.Refused refused) {
            assertEquals(9, refused.line());
            assertTrue(refused.getMessage(), refused.getMessage().startsWith("line 9: "));
        }
    }

    @Test
    public void textThatHoldsNoCardIsRefused() throws Exception {
        try {
            VCards.read(new StringReader("Name,Number\nAnna,030 1234567\n"));
            fail("a CSV file was accepted as vCard");
        } catch (VCards.Refused refused) {
            assertEquals(1, refused.line());
        }
        try {
            VCards.read(new StringReader("NOTE:no card here\n"));
            fail("a file without a card was accepted");
        } catch (VCards.Refused refused) {
            assertEquals(0, refused.line());
        }
    }

    @Test
    public void contactsSurviveARoundTripInVersion3And4() throws Exception {
        for (String version : List.of("3.0", "4.0")) {
            StringWriter out = new StringWriter();
            VCards.write(CONTACTS, version, out);
            assertTrue(out.toString(), out.toString().contains("VERSION:" + version + "\r\n"));
            VCards.Imported back = VCards.read(new StringReader(out.toString()));
            assertEquals(version, CONTACTS, back.contacts());
            assertEquals(0, back.skipped());
        }
    }

    @Test
    public void theShellImportsNothingOfAFileThatDoesNotParse() throws Exception {
        Path file = folder.newFile("broken.vcf").toPath();
        try (Reader in = new InputStreamReader(VCardTest.class.getResourceAsStream("/vcards/malformed-line-9.vcf"),
                StandardCharsets.UTF_8)) {
            StringWriter copy = new StringWriter();
            in.transferTo(copy);
            Files.writeString(file, copy.toString());
        }
        try (PhonebookStore store = new PhonebookStore(
                StoreSettings.of(folder.getRoot().toPath().resolve("phonebook.db"), "DE", "030"))) {
            String answer = new PhonebookCommands(store)._import(file.toString());
            assertTrue(answer, answer.contains("line 9") && answer.endsWith("nothing imported"));
            assertEquals(List.of(), store.contacts());
            // The good card before the broken one was not imported either.
            assertEquals(Optional.empty(), store.nameFor("030 1111111"));
        }
    }

    @Test
    public void theShellExportsAndImportsThePhonebook() throws Exception {
        Path vcf = folder.getRoot().toPath().resolve("out.vcf");
        try (PhonebookStore store = new PhonebookStore(
                StoreSettings.of(folder.getRoot().toPath().resolve("a.db"), "DE", "030"))) {
            store.addAll(CONTACTS);
            PhonebookCommands commands = new PhonebookCommands(store);
            String answer = commands.export("3.0", vcf.toString());
            assertTrue(answer, answer.startsWith("exported 3 contacts"));
            assertEquals("refused: vCard version must be 3.0 or 4.0, not '2.1'", commands.export("2.1", vcf.toString()));
        }
        try (PhonebookStore store = new PhonebookStore(
                StoreSettings.of(folder.getRoot().toPath().resolve("b.db"), "DE", "030"))) {
            String answer = new PhonebookCommands(store)._import(vcf.toString());
            assertEquals("imported 3 contacts from " + vcf + " (saved)", answer);
            assertEquals(CONTACTS.stream().sorted(ContactIndex.LISTING).collect(Collectors.toList()),
                    withoutIds(store.contacts()));
            assertEquals(Optional.of("Anna Maria Schmidt"), store.nameFor("+49301234567"));
            // The same file again adds nothing.
            assertEquals("imported 0 contacts from " + vcf + " (3 already in the phonebook) (saved)",
                    new PhonebookCommands(store)._import(vcf.toString()));
            assertEquals(3, store.contacts().size());
            assertTrue(new PhonebookCommands(store).find("sip:+49301234567@sip.example.net").get(0)
                    .contains("Anna Maria Schmidt"));
        }
    }
}
