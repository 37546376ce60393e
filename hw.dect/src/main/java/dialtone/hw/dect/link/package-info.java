/**
 * What every vendor driver needs around its byte protocol: a {@link LinkPump} that owns the
 * driver's reader and writer threads over a device link, and the {@link FrameProtocol} a revision
 * implements to turn commands into bytes and bytes into events, and {@link LinkDrivers}, which
 * serves each plugged dongle of a revision with its own driver service. A revision that carries
 * voice has the pump serve each handset's voice channel too.
 */
@Export
@Version("1.3.0")
package dialtone.hw.dect.link;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
