/**
 * FXS ports: the driver contract that vendor bundles implement for their analog adapters.
 */
@Export
@Version("0.1.0")
package dialtone.hw.fxs;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
