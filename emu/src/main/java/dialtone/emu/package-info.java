/**
 * Emulated dongles. Each emulator bundle offers an {@link Emulator} service for its kind of
 * device; the {@code emu} shell scope plugs and unplugs them by kind.
 */
@Export
@Version("1.0.0")
package dialtone.emu;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
