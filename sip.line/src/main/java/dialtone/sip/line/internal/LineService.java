package dialtone.sip.line.internal;

import java.util.Dictionary;
import java.util.Hashtable;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

import dialtone.core.call.Participant;
import dialtone.sip.line.RegistrationState;
import dialtone.sip.line.SipLine;

/**
 * The line's {@link Participant} service registration, whose {@link SipLine#STATE} and
 * {@link SipLine#ERROR} properties follow the registration as the agent reports it, so other
 * bundles see a line go up and down without asking the call-core thread. Called from the agent's
 * threads and the component's; never from the call-core thread (a property change runs the
 * framework's service listeners).
 */
final class LineService {

    private final Hashtable<String, Object> properties = new Hashtable<>();
    private ServiceRegistration<Participant> registration;
    private boolean closed;

    LineService(String participantName, String kind, String account) {
        properties.put(Participant.NAME, participantName);
        properties.put(Participant.KIND, kind);
        properties.put(SipAccountComponent.LINE_NAME, account);
        properties.put(SipLine.STATE, RegistrationState.UNREGISTERED.name());
    }

    synchronized void register(BundleContext context, Participant line) {
        if (!closed && registration == null) {
            registration = context.registerService(Participant.class, line, copy());
        }
    }

    /** The registration changed; the service shows it (in the order the agent reported it). */
    synchronized void state(RegistrationState state, String error) {
        String name = state.name();
        String text = error == null ? "" : error;
        if (name.equals(properties.get(SipLine.STATE)) && text.equals(properties.getOrDefault(SipLine.ERROR, ""))) {
            return;
        }
        properties.put(SipLine.STATE, name);
        if (text.isEmpty()) {
            properties.remove(SipLine.ERROR);
        } else {
            properties.put(SipLine.ERROR, text);
        }
        if (registration != null && !closed) {
            try {
                registration.setProperties(copy());
            } catch (IllegalStateException gone) {
                // unregistered meanwhile: the bundle is stopping
            }
        }
    }

    synchronized void unregister() {
        closed = true;
        if (registration != null) {
            try {
                registration.unregister();
            } catch (IllegalStateException e) {
                // already gone with the bundle
            }
            registration = null;
        }
    }

    private Dictionary<String, Object> copy() {
        return new Hashtable<>(properties);
    }
}
