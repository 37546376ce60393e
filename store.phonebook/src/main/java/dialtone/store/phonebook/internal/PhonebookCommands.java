package dialtone.store.phonebook.internal;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.apache.felix.service.command.annotations.GogoCommand;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import dialtone.store.phonebook.Contact;
import dialtone.store.phonebook.ContactNumber;
import dialtone.store.phonebook.Phonebook;
import dialtone.store.phonebook.StoreStatus;
import dialtone.store.phonebook.Write;

/** The {@code pb} shell scope. A change is reported once it is on disk (or why it is not). */
@Component(service = PhonebookCommands.class, immediate = true)
@GogoCommand(scope = "pb", function = { "add", "find", "list", "remove", "import", "export", "status" })
public final class PhonebookCommands {

    private static final int SHOWN = 50;

    private final Phonebook phonebook;

    @Activate
    public PhonebookCommands(@Reference Phonebook phonebook) {
        this.phonebook = phonebook;
    }

    @Descriptor("adds a contact: pb:add [-f] NAME [home:|mobile:|work:]NUMBER ... (quote what has spaces)")
    public String add(
            @Descriptor("mark it a favourite") @Parameter(names = { "-f", "--favourite" }, presentValue = "true",
                    absentValue = "false") boolean favourite,
            @Descriptor("the name") String name,
            @Descriptor("numbers, each TYPE:NUMBER or just NUMBER (home)") String... numbers) {
        if (numbers.length == 0) {
            return "refused: a contact needs at least one number";
        }
        List<ContactNumber> parsed = new ArrayList<>();
        for (String number : numbers) {
            int colon = number.indexOf(':');
            try {
                parsed.add(colon > 0 ? new ContactNumber(ContactNumber.Type.parse(number.substring(0, colon)),
                        number.substring(colon + 1)) : ContactNumber.home(number));
            } catch (IllegalArgumentException e) {
                return "refused: '" + number + "' is not TYPE:NUMBER with TYPE home, mobile or work";
            }
        }
        Write<Contact> write = phonebook.add(name, parsed, favourite);
        return "added " + format(write.value()) + saved(write.acknowledged());
    }

    @Descriptor("finds contacts by name prefix, or by a number however written (exact match first, then prefix)")
    public List<String> find(@Descriptor("a name prefix or a number (prefix)") String text) {
        List<String> lines = new ArrayList<>();
        // "030 1234567" and "sip:+49301234567@host" are numbers; anything else with letters is a name.
        boolean number = !NumberMatcher.clean(text).isEmpty()
                && NumberMatcher.userPart(text).chars().noneMatch(Character::isLetter);
        if (number) {
            phonebook.lookup(text).ifPresent(c -> lines.add("= " + format(c)));
            for (Contact c : phonebook.findByNumber(text, SHOWN)) {
                String line = "  " + format(c);
                if (!lines.contains("= " + format(c))) {
                    lines.add(line);
                }
            }
        } else {
            phonebook.findByName(text, SHOWN).forEach(c -> lines.add("  " + format(c)));
        }
        return lines.isEmpty() ? List.of("no contact matches '" + text + "'") : lines;
    }

    @Descriptor("lists every contact, favourites (*) first")
    public List<String> list() {
        List<Contact> all = phonebook.contacts();
        if (all.isEmpty()) {
            return List.of("the phonebook is empty");
        }
        return all.stream().map(PhonebookCommands::format).collect(Collectors.toList());
    }

    @Descriptor("removes the contact with this id (as pb:list shows it)")
    public String remove(@Descriptor("contact id") long id) {
        String name = phonebook.contact(id).map(Contact::name).orElse(null);
        Write<Boolean> write = phonebook.remove(id);
        if (!write.value()) {
            return "no contact " + id;
        }
        return "removed " + id + " " + name + saved(write.acknowledged());
    }

    @Descriptor("imports the contacts of a vCard 2.1/3.0/4.0 file; a file that does not parse is refused whole")
    public String _import(@Descriptor("vCard file") String file) throws IOException {
        Path path = Path.of(file);
        VCards.Imported imported;
        try (Reader in = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            imported = VCards.read(in);
        } catch (VCards.Refused e) {
            return "refused " + file + ": " + e.getMessage() + "; nothing imported";
        }
        // Importing the same file twice must not double the phonebook: a card equal to a stored
        // contact (name, numbers, favourite) is left out.
        Set<Contact> existing = new HashSet<>();
        phonebook.contacts().forEach(c -> existing.add(c.withId(0)));
        List<Contact> fresh = new ArrayList<>();
        for (Contact c : imported.contacts()) {
            if (existing.add(c.withId(0))) {
                fresh.add(c);
            }
        }
        int known = imported.contacts().size() - fresh.size();
        Write<List<Contact>> write = phonebook.addAll(fresh);
        List<String> notes = new ArrayList<>();
        if (imported.skipped() > 0) {
            notes.add(imported.skipped() + " cards without a number skipped");
        }
        if (known > 0) {
            notes.add(known + " already in the phonebook");
        }
        return "imported " + write.value().size() + " contacts from " + file
                + (notes.isEmpty() ? "" : " (" + String.join(", ", notes) + ")") + saved(write.acknowledged());
    }

    @Descriptor("exports every contact to a vCard file: pb:export [-v 3.0|4.0] FILE (default 4.0)")
    public String export(
            @Descriptor("vCard version, 3.0 or 4.0") @Parameter(names = { "-v", "--version" }, absentValue = "4.0")
            String version,
            @Descriptor("vCard file to write") String file) throws IOException {
        String v = version.trim();
        if (!VCards.VERSIONS.contains(v)) {
            return "refused: vCard version must be 3.0 or 4.0, not '" + version + "'";
        }
        List<Contact> all = phonebook.contacts();
        Path path = Path.of(file).toAbsolutePath();
        Path partial = path.resolveSibling(path.getFileName() + ".part");
        try (Writer out = Files.newBufferedWriter(partial, StandardCharsets.UTF_8)) {
            VCards.write(all, v, out);
        }
        Files.move(partial, path, StandardCopyOption.REPLACE_EXISTING);
        return "exported " + all.size() + " contacts to " + path + " (vCard " + v + ")";
    }

    @Descriptor("shows the store file, its counts, pending writes and any warning")
    public List<String> status() {
        StoreStatus s = phonebook.status();
        List<String> lines = new ArrayList<>();
        lines.add("file        " + s.file() + (s.persistent() ? "" : "  (NOT PERSISTENT)"));
        lines.add("engine      MapDB 1.0.9, write-ahead log, synced on commit");
        lines.add("numbers     " + s.numbering());
        lines.add("contacts    " + s.contacts());
        lines.add("calls       " + s.calls());
        lines.add("pending     " + s.pending());
        lines.add("commits     " + s.commits() + s.lastCommit().map(t -> ", last at " + t).orElse(""));
        if (s.warnings().isEmpty()) {
            lines.add("warnings    none");
        } else {
            s.warnings().forEach(w -> lines.add("WARNING     " + w));
        }
        return lines;
    }

    static String format(Contact c) {
        StringBuilder line = new StringBuilder();
        line.append(String.format(Locale.ROOT, "%4d ", c.id())).append(c.favourite() ? "* " : "  ").append(c.name());
        String sep = "  ";
        for (ContactNumber n : c.numbers()) {
            line.append(sep).append(n.type().name().toLowerCase(Locale.ROOT)).append(' ').append(n.number());
            sep = ", ";
        }
        return line.toString();
    }

    /** Waits briefly for the acknowledgement: the shell thread may wait, the call core never does. */
    static String saved(CompletionStage<?> acknowledged) {
        try {
            acknowledged.toCompletableFuture().get(5, TimeUnit.SECONDS);
            return " (saved)";
        } catch (TimeoutException e) {
            return " (not yet on disk after 5 s; see pb:status)";
        } catch (ExecutionException e) {
            return " (NOT SAVED: " + Journal.describe(e.getCause()) + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return " (interrupted before saved)";
        }
    }
}
