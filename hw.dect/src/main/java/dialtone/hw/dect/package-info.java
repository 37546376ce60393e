/**
 * DECT handsets: the driver contract that vendor bundles implement for their base dongles.
 */
@Export
@Version("0.1.0")
package dialtone.hw.dect;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
