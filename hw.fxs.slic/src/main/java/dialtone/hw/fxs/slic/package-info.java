/**
 * The SLIC byte protocol of Dialtone's USB FXS adapters (docs/fxs-protocol.md): frame layout,
 * message types, and a reader that cuts a byte stream into frames. Exported so an emulated adapter
 * speaks exactly these bytes.
 */
@Export
@Version("1.1.0")
package dialtone.hw.fxs.slic;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
