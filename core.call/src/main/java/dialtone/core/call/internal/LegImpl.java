package dialtone.core.call.internal;

import dialtone.core.call.Call;
import dialtone.core.call.Leg;
import dialtone.core.call.LegState;
import dialtone.core.call.Media;
import dialtone.core.call.Participant;

/** One participant's part in a call. All fields are used on the call-core thread only. */
final class LegImpl implements Leg {

    final CallImpl call;
    final Participant participant;
    final boolean origin;
    LegState state = LegState.SETUP;
    boolean held;
    Media media;

    LegImpl(CallImpl call, Participant participant, boolean origin) {
        this.call = call;
        this.participant = participant;
        this.origin = origin;
    }

    @Override
    public Call call() {
        return call;
    }

    @Override
    public Participant participant() {
        return participant;
    }

    @Override
    public boolean isOrigin() {
        return origin;
    }

    @Override
    public LegState state() {
        return state;
    }

    @Override
    public boolean isHeld() {
        return held;
    }

    @Override
    public Media media() {
        return media;
    }

    boolean isReleased() {
        return state == LegState.RELEASED;
    }

    @Override
    public String toString() {
        return call.id() + "/" + participant.name();
    }
}
