/**
 * What every vendor driver needs around its byte protocol: a {@link LinkPump} that owns the
 * driver's reader and writer threads over a device link, and the {@link FrameProtocol} a revision
 * implements to turn commands into bytes and bytes into events.
 */
@Export
@Version("1.1.0")
package dialtone.hw.dect.link;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
