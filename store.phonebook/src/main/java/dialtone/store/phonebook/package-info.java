/**
 * The phonebook and the call history, read synchronously from memory.
 */
@Export
@Version("0.1.0")
package dialtone.store.phonebook;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
