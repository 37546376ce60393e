package dialtone.itest;

import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;

import dialtone.core.call.Offer;
import dialtone.core.call.Participant;
import dialtone.core.call.Routing;

/**
 * Routing set by a test: who rings for calls arriving on any line, and where each dialled number
 * leads. Registered with a high ranking so it wins over the exchange's own routing.
 */
public final class TestRouting implements Routing {

    private volatile List<Participant> incoming = List.of();
    private final Map<String, List<Participant>> outgoing = new ConcurrentHashMap<>();

    public TestRouting ringOnIncoming(Participant... targets) {
        incoming = List.of(targets);
        return this;
    }

    public TestRouting route(String dialled, Participant... targets) {
        outgoing.put(dialled, List.of(targets));
        return this;
    }

    public ServiceRegistration<Routing> register(BundleContext context) {
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(Constants.SERVICE_RANKING, 1000);
        return context.registerService(Routing.class, this, properties);
    }

    @Override
    public List<Participant> incoming(Participant line, Offer offer) {
        return incoming;
    }

    @Override
    public List<Participant> outgoing(Participant caller, String dialled) {
        return outgoing.getOrDefault(dialled, List.of());
    }
}
