/**
 * The phonebook and the call history: read synchronously from memory (safe on the call-core
 * thread), every change written to disk by the store's own writer thread and acknowledged once
 * it is committed.
 */
@Export
@Version("1.0.0")
package dialtone.store.phonebook;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
