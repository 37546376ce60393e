/**
 * Voice paths between RTP endpoints and device channels, in 20 ms frames.
 */
@Export
@Version("0.1.0")
package dialtone.audio.dev;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
