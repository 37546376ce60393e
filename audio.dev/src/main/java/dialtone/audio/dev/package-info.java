/**
 * Voice paths between RTP endpoints and device channels, in 20 ms frames.
 * <p>
 * The call side ({@link AudioPaths}, {@link AudioPath}) only sets paths up and tears them down and
 * never blocks; one voice thread moves the frames. Device drivers implement {@link DeviceChannel}.
 */
@Export
@Version("1.2.0")
package dialtone.audio.dev;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
