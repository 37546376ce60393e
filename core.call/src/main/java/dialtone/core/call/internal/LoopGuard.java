package dialtone.core.call.internal;

/** Fails fast when loop-only state is touched from another thread: such a bug would otherwise be a rare race. */
@FunctionalInterface
interface LoopGuard {

    boolean inLoop();

    default void check(String what) {
        if (!inLoop()) {
            throw new IllegalStateException(what + " must be called on the call-core thread, not on "
                    + Thread.currentThread().getName());
        }
    }
}
