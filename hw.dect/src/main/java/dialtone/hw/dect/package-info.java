/**
 * DECT handsets: the driver contract that vendor bundles implement for their base dongles.
 * <p>
 * A vendor driver registers a {@link DectDriver} service for a plugged base. The handset model in
 * this bundle attaches to it, sends it {@link DectCommand}s and receives {@link DectEvent}s from
 * the driver's own threads. The model keeps the subscriptions, so a driver can be swapped for
 * another revision's while the handsets stay.
 */
@Export
@Version("1.1.0")
package dialtone.hw.dect;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
