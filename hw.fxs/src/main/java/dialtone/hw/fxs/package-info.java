/**
 * FXS ports: the driver contract that vendor bundles implement for their analog adapters.
 * <p>
 * A vendor bundle registers one {@link FxsDriver} service per plugged adapter; the port layer
 * makes a {@code Port} participant of each of its lines. The driver reports what the line does as
 * {@link FxsEvent}s from its own threads, and takes commands that never block.
 */
@Export
@Version("1.0.0")
package dialtone.hw.fxs;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
