package dialtone.hw.fxs;

import org.osgi.annotation.versioning.ConsumerType;

/** Receives what the lines of an adapter do, on the driver's threads; it must not block. */
@ConsumerType
public interface FxsListener {

    void event(FxsEvent event);
}
