/**
 * The upper half of a driver: a {@link ParticipantProxy} models its device's or account's last
 * known state on the call-core thread, and its {@link Mailbox} is how the driver's own threads
 * reach it.
 */
@Export
@Version("1.0.0")
package dialtone.core.proxy;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
