/**
 * The call core: one thread, {@code call-core}, runs all call logic from a single inbox.
 * <p>
 * Other threads only {@linkplain Inbox#post post} immutable {@link Message}s. Everything else in
 * this package ({@link Calls}, {@link Call}, {@link Leg}, {@link Timers}, and the
 * {@link Participant} callbacks) is used on the call-core thread only.
 */
@Export
@Version("1.2.0")
package dialtone.core.call;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
