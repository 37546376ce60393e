package dialtone.audio.dev.internal;

/** The tone plan in force; the configuration may change it while paths run. */
final class TonePlanRef {

    private volatile TonePlan plan;

    TonePlanRef(TonePlan plan) {
        this.plan = plan;
    }

    TonePlan get() {
        return plan;
    }

    void set(TonePlan newPlan) {
        plan = newPlan;
    }
}
