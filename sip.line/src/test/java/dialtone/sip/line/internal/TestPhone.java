package dialtone.sip.line.internal;

import java.net.URI;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dialtone.core.call.Capabilities;
import dialtone.core.call.Codec;
import dialtone.core.call.Leg;
import dialtone.core.call.Media;
import dialtone.core.call.Offer;
import dialtone.core.call.Participant;
import dialtone.core.call.Reason;

/**
 * A participant for tests: it rings, answers or refuses as told, and records what the core told
 * it. Called on the call-core thread; the records are safe to read from the test thread.
 */
final class TestPhone implements Participant {

    enum Behaviour { ANSWER, RING, BUSY, ANSWER_THEN_HANG_UP }

    private final String name;
    private volatile Behaviour behaviour;
    final List<Offer> offers = new CopyOnWriteArrayList<>();
    final List<Reason> released = new CopyOnWriteArrayList<>();
    final List<Media> connected = new CopyOnWriteArrayList<>();
    volatile Leg leg;
    volatile int alerted;
    private final CountDownLatch releasedOnce = new CountDownLatch(1);
    private final CountDownLatch connectedOnce = new CountDownLatch(1);

    TestPhone(String name, Behaviour behaviour) {
        this.name = name;
        this.behaviour = behaviour;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Capabilities capabilities() {
        return new Capabilities(Set.of(Codec.PCMU, Codec.PCMA, Codec.TELEPHONE_EVENT), 4, Set.of());
    }

    @Override
    public void offer(Leg offered, Offer offer) {
        leg = offered;
        offers.add(offer);
        switch (behaviour) {
            case BUSY -> offered.release(Reason.BUSY);
            case RING -> offered.alerting();
            case ANSWER, ANSWER_THEN_HANG_UP -> {
                offered.alerting();
                offered.answer(new Media(List.of(Codec.PCMU, Codec.PCMA, Codec.TELEPHONE_EVENT),
                        URI.create("dect://base/1")));
            }
        }
    }

    @Override
    public void alerting(Leg origin) {
        alerted++;
    }

    @Override
    public void connected(Leg origin, Media media) {
        connected.add(media);
        connectedOnce.countDown();
    }

    @Override
    public void released(Leg ended, Reason reason) {
        released.add(reason);
        releasedOnce.countDown();
    }

    boolean awaitReleased(long seconds) throws InterruptedException {
        return releasedOnce.await(seconds, TimeUnit.SECONDS);
    }

    boolean awaitConnected(long seconds) throws InterruptedException {
        return connectedOnce.await(seconds, TimeUnit.SECONDS);
    }

    /** Hangs up from the test thread: the leg's signal methods only post. */
    void hangUp() {
        leg.release(Reason.NORMAL);
    }
}
