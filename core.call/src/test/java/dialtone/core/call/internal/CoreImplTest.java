package dialtone.core.call.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.After;
import org.junit.Test;

import dialtone.core.call.Capabilities;
import dialtone.core.call.CallerId;
import dialtone.core.call.Codec;
import dialtone.core.call.Leg;
import dialtone.core.call.Media;
import dialtone.core.call.Message;
import dialtone.core.call.Offer;
import dialtone.core.call.Participant;
import dialtone.core.call.Reason;
import dialtone.core.call.Timer;

public class CoreImplTest {

    private final BlockingQueue<String> reports = new LinkedBlockingQueue<>();
    private final CoreImpl core = new CoreImpl(new LoopSettings(Duration.ofMillis(50), Duration.ofMillis(200)),
            new Watchdog.Listener() {
                @Override
                public void slowHandler(Message message, long runningNanos, StackTraceElement[] stack) {
                    StringBuilder frames = new StringBuilder();
                    for (StackTraceElement frame : stack) {
                        frames.append(frame.getMethodName()).append(' ');
                    }
                    reports.add("slow " + frames);
                }

                @Override
                public void stalled(int inboxDepth, long stalledNanos) {
                    reports.add("stalled " + inboxDepth);
                }

                @Override
                public void recovered(long stalledNanos) {
                    reports.add("recovered");
                }
            });

    /** Records the commands it gets; the unit-test stand-in for a device. */
    static class Recorder implements Participant {
        final BlockingQueue<String> commands = new LinkedBlockingQueue<>();
        final String name;
        volatile boolean throwOnOffer;

        Recorder(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public Capabilities capabilities() {
            return new Capabilities(EnumSet.of(Codec.PCMA), 1, EnumSet.noneOf(Capabilities.Feature.class));
        }

        @Override
        public void offer(Leg leg, Offer offer) {
            if (throwOnOffer) {
                throw new IllegalStateException("driver bug");
            }
            commands.add("offer");
        }

        @Override
        public void alerting(Leg leg) {
            commands.add("alerting");
        }

        @Override
        public void connected(Leg leg, Media media) {
            commands.add("connected");
        }

        @Override
        public void released(Leg leg, Reason reason) {
            commands.add("released " + reason);
        }

        @Override
        public void mediaUpdated(Leg leg, Media media) {
            commands.add("media " + media.endpoint());
        }

        @Override
        public void earlyMedia(Leg leg, Media media) {
            commands.add("early " + media.endpoint());
        }

        String next() throws InterruptedException {
            String command = commands.poll(5, TimeUnit.SECONDS);
            if (command == null) {
                fail(name + " got no command within 5 s");
            }
            return command;
        }
    }

    @After
    public void stop() throws InterruptedException {
        core.stop();
    }

    private static Offer offer() {
        return new Offer(CallerId.of("0301234567"), "42", Media.of(List.of(Codec.PCMA)));
    }

    @Test
    public void aMediaUpdateIsEarlyMediaForTheCallerBeforeTheAnswerAndReachesTheFarSideAfter() throws Exception {
        core.start();
        Recorder caller = new Recorder("caller");
        Recorder callee = new Recorder("callee");
        core.query(() -> core.calls().place(caller, offer(), List.of(callee))).get(5, TimeUnit.SECONDS);
        assertEquals("offer", callee.next());
        List<Leg> legs = core.query(() -> core.calls().active().iterator().next().legs()).get(5, TimeUnit.SECONDS);
        Leg origin = legs.get(0);
        Leg target = legs.get(1);
        Media moved = new Media(List.of(Codec.PCMA), java.net.URI.create("rtp://192.0.2.7:40002"));
        origin.updateMedia(moved); // the caller's before the answer: nobody to tell
        target.updateMedia(new Media(List.of(Codec.PCMA), java.net.URI.create("rtp://192.0.2.8:40004")));
        assertEquals("a target's before the answer is early media for the caller", "early rtp://192.0.2.8:40004",
                caller.next());
        target.answer(new Media(List.of(Codec.PCMA), java.net.URI.create("rtp://127.0.0.1:26000")));
        assertEquals("connected", caller.next());
        origin.updateMedia(moved);
        assertEquals("media rtp://192.0.2.7:40002", callee.next());
        assertTrue("one update only, the one after the answer: " + callee.commands, callee.commands.isEmpty());
        assertEquals(moved, core.query(origin::media).get(5, TimeUnit.SECONDS));
        assertTrue("the mover itself is told nothing: " + caller.commands, caller.commands.isEmpty());
    }

    @Test
    public void aParticipantThatThrowsIsReleasedAsFailedAndTheCallerHearsWhy() throws Exception {
        core.start();
        Recorder caller = new Recorder("caller");
        Recorder broken = new Recorder("broken");
        broken.throwOnOffer = true;
        core.query(() -> core.calls().place(caller, offer(), List.of(broken))).get(5, TimeUnit.SECONDS);
        assertEquals("released FAILURE", caller.next());
        assertTrue(core.query(() -> core.calls().active().isEmpty()).get(5, TimeUnit.SECONDS));
    }

    @Test
    public void aCallWithNoTargetReleasesTheCallerAsUnavailableAfterPlacingReturns() throws Exception {
        core.start();
        Recorder caller = new Recorder("caller");
        boolean releasedDuringPlace = core.query(() -> {
            core.calls().place(caller, offer(), List.of());
            return !caller.commands.isEmpty();
        }).get(5, TimeUnit.SECONDS);
        assertFalse("the caller must not be called back while it is placing the call", releasedDuringPlace);
        assertEquals("released UNAVAILABLE", caller.next());
    }

    @Test
    public void forkedTargetsThatAllFailGiveTheMostTellingReason() throws Exception {
        core.start();
        Recorder caller = new Recorder("caller");
        Recorder first = new Recorder("first");
        Recorder second = new Recorder("second");
        core.query(() -> core.calls().place(caller, offer(), List.of(first, second))).get(5, TimeUnit.SECONDS);
        first.next();
        second.next();
        List<Leg> legs = core.query(() -> core.calls().active().iterator().next().legs()).get(5, TimeUnit.SECONDS);
        legs.get(1).release(Reason.NO_ANSWER);
        legs.get(2).release(Reason.BUSY);
        assertEquals("released BUSY", caller.next());
    }

    @Test
    public void observersHearEveryStepInOrderAndOneThatThrowsChangesNothing() throws Exception {
        BlockingQueue<String> steps = new LinkedBlockingQueue<>();
        core.addObserver(new dialtone.core.call.CallObserver() {
            @Override
            public void placed(dialtone.core.call.Call call) {
                throw new IllegalStateException("broken observer");
            }
        });
        core.addObserver(new dialtone.core.call.CallObserver() {
            @Override
            public void placed(dialtone.core.call.Call call) {
                steps.add("placed " + call.offer().called());
            }

            @Override
            public void alerting(dialtone.core.call.Call call, Leg leg) {
                steps.add("alerting " + leg.participant().name());
            }

            @Override
            public void connected(dialtone.core.call.Call call) {
                steps.add("connected " + call.answered().participant().name());
            }

            @Override
            public void ended(dialtone.core.call.Call call, Reason reason) {
                steps.add("ended " + reason);
            }
        });
        core.start();
        Recorder caller = new Recorder("caller");
        Recorder callee = new Recorder("callee");
        core.query(() -> core.calls().place(caller, offer(), List.of(callee))).get(5, TimeUnit.SECONDS);
        assertEquals("offer", callee.next());
        Leg leg = core.query(() -> core.calls().active().iterator().next().legs().get(1)).get(5, TimeUnit.SECONDS);
        leg.alerting();
        leg.answer(Media.of(List.of(Codec.PCMA)));
        leg.release(Reason.NORMAL);
        assertEquals("alerting", caller.next());
        assertEquals("connected", caller.next());
        assertEquals("released NORMAL", caller.next());
        assertEquals("placed 42", steps.poll(5, TimeUnit.SECONDS));
        assertEquals("alerting callee", steps.poll(5, TimeUnit.SECONDS));
        assertEquals("connected callee", steps.poll(5, TimeUnit.SECONDS));
        assertEquals("ended NORMAL", steps.poll(5, TimeUnit.SECONDS));
    }

    @Test
    public void thePhonebookNamesTheCallerOverWhatTheNetworkSent() throws Exception {
        core.setCallerNames(number -> number.equals("0301234567") ? java.util.Optional.of("Anna Schmidt")
                : java.util.Optional.empty());
        core.start();
        Offer fromNetwork = new Offer(new CallerId("0301234567", "ANNA S"), "42", Media.of(List.of(Codec.PCMA)));
        Offer unknown = new Offer(new CallerId("0409999", "Someone"), "42", Media.of(List.of(Codec.PCMA)));
        assertEquals("Anna Schmidt", core.query(() -> core.calls().place(new Recorder("line"), fromNetwork,
                List.of(new Recorder("phone"))).offer().caller().name()).get(5, TimeUnit.SECONDS));
        assertEquals("Someone", core.query(() -> core.calls().place(new Recorder("line"), unknown,
                List.of(new Recorder("phone"))).offer().caller().name()).get(5, TimeUnit.SECONDS));
    }

    @Test
    public void callStateIsRefusedOffTheLoop() {
        core.start();
        try {
            core.calls().place(new Recorder("a"), offer(), List.of());
            fail("placing a call from a test thread must be refused");
        } catch (IllegalStateException expected) {
            assertTrue(expected.getMessage(), expected.getMessage().contains("call-core thread"));
        }
    }

    @Test
    public void aTimerRunsItsActionOnTheLoopAndACancelledOneNever() throws Exception {
        core.start();
        CountDownLatch fired = new CountDownLatch(1);
        String[] firedOn = new String[1];
        boolean[] cancelledRan = new boolean[1];
        core.query(() -> {
            core.timers().schedule(Duration.ofMillis(20), () -> {
                firedOn[0] = Thread.currentThread().getName();
                fired.countDown();
            });
            Timer cancelled = core.timers().schedule(Duration.ofMillis(10), () -> cancelledRan[0] = true);
            cancelled.cancel();
            return null;
        }).get(5, TimeUnit.SECONDS);
        assertTrue(fired.await(5, TimeUnit.SECONDS));
        assertEquals(EventLoop.THREAD_NAME, firedOn[0]);
        Thread.sleep(50);
        assertFalse(core.query(() -> cancelledRan[0]).get(5, TimeUnit.SECONDS));
    }

    @Test
    public void aTimerCancelledAfterItsExpiryWasQueuedDoesNotRun() throws Exception {
        core.start();
        boolean[] ran = new boolean[1];
        core.query(() -> {
            Timer timer = core.timers().schedule(Duration.ZERO, () -> ran[0] = true);
            // Hold the loop until the clock thread has surely queued the expiry, then cancel.
            long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(30);
            while (System.nanoTime() < until) {
                Thread.onSpinWait();
            }
            timer.cancel();
            return null;
        }).get(5, TimeUnit.SECONDS);
        assertFalse(core.query(() -> ran[0]).get(5, TimeUnit.SECONDS));
    }

    @Test
    public void theWatchdogReportsASlowHandlerWithItsStackAndAStalledLoop() throws Exception {
        core.start();
        core.deliver(x -> sleepInHandler(400), "slow");
        core.deliver(x -> { }, "waiting behind it");
        String slow = reports.poll(5, TimeUnit.SECONDS);
        assertTrue(slow, slow != null && slow.startsWith("slow") && slow.contains("sleepInHandler"));
        String stalled = reports.poll(5, TimeUnit.SECONDS);
        assertTrue(stalled, stalled != null && stalled.startsWith("stalled"));
        assertEquals("recovered", reports.poll(5, TimeUnit.SECONDS));
        assertTrue("one report for one slow handler", reports.isEmpty());
    }

    private static void sleepInHandler(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    public void aWrongConfigurationValueIsRefusedAndTheDefaultKept() {
        CallCoreComponent.Config config = new CallCoreComponent.Config() {
            @Override
            public Class<? extends java.lang.annotation.Annotation> annotationType() {
                return CallCoreComponent.Config.class;
            }

            @Override
            public long handler_limit_ms() {
                return 0;
            }

            @Override
            public long stall_limit_ms() {
                return 5000;
            }
        };
        LoopSettings settings = CallCoreComponent.settings(config);
        assertEquals(Duration.ofMillis(100), settings.handlerLimit());
        assertEquals(Duration.ofSeconds(5), settings.stallLimit());
    }
}
