/**
 * SIP lines: one Line participant per SIP account, seen from outside through {@link SipLine}.
 */
@Export
@Version("0.3.0")
package dialtone.sip.line;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
