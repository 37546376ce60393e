/**
 * SIP lines: one Line participant per SIP account.
 */
@Export
@Version("0.1.0")
package dialtone.sip.line;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
