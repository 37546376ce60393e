package dialtone.store.phonebook.internal;

import java.util.Optional;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import dialtone.core.call.CallerNames;
import dialtone.store.phonebook.Phonebook;

/** Gives the call core callers' names from the phonebook (step 2 of every incoming call). */
@Component(service = CallerNames.class)
public final class CallerNaming implements CallerNames {

    private final Phonebook phonebook;

    @Activate
    public CallerNaming(@Reference Phonebook phonebook) {
        this.phonebook = phonebook;
    }

    @Override
    public Optional<String> nameFor(String number) {
        return phonebook.nameFor(number);
    }
}
