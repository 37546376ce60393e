package dialtone.store.phonebook;

import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/** Look-ups answered from memory, safe to call on the call-core thread. */
@ProviderType
public interface Phonebook {

    /** The name stored for a number, however the network wrote it. */
    Optional<String> nameFor(String number);
}
