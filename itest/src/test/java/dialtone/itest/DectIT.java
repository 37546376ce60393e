package dialtone.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.component.runtime.dto.SatisfiedReferenceDTO;
import org.osgi.service.component.runtime.dto.UnsatisfiedReferenceDTO;

import dialtone.core.call.Call;
import dialtone.core.call.CallerId;
import dialtone.core.call.Codec;
import dialtone.core.call.Media;
import dialtone.core.call.Offer;
import dialtone.core.call.Participant;
import dialtone.core.call.Reason;
import dialtone.core.call.Routing;

/**
 * DECT handsets on the emulated base, driven from the shell as a user would: subscribe on a
 * revision-1 dongle, call, lose the dongle mid-call, carry on with a revision-2 dongle, and update
 * its driver in place.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class DectIT extends DialtoneTestBase {

    private final TestParticipant far = new TestParticipant("test/far");
    private ServiceRegistration<Routing> routing;

    /** Routes 100 to the test participant, with a short inter-digit timeout so overlap dialling ends quickly. */
    @Before
    public void route() {
        TestRouting table = new TestRouting().route("100", far);
        Routing quick = new Routing() {
            @Override
            public List<Participant> incoming(Participant line, Offer offer) {
                return table.incoming(line, offer);
            }

            @Override
            public List<Participant> outgoing(Participant caller, String dialled) {
                return table.outgoing(caller, dialled);
            }

            @Override
            public Duration interDigitTimeout() {
                return Duration.ofMillis(600);
            }
        };
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(Constants.SERVICE_RANKING, 1000);
        routing = context.registerService(Routing.class, quick, properties);
    }

    /** Each test starts with no dongle, no subscriptions, and every emulated handset on hook and switched on. */
    @After
    public void cleanUp() throws Exception {
        if (routing != null) {
            routing.unregister();
        }
        new EmulatedHandsets(this).reset();
    }

    @Test
    public void handsetsCallThroughRevisionOneLoseItMidCallAndComeBackOnRevisionTwo() throws Exception {
        // Revision 1: subscribe two handsets and name them.
        assertTrue(shell("emu:plug dect 1").contains("revision 1"));
        awaitShell("dect:base", "revision 1, firmware R1-FW1.4, 2 parallel calls");
        openRegistration();
        shell("emu:hs 1 subscribe");
        shell("emu:hs 2 subscribe");
        awaitShell("dect:base", "handsets 2 subscribed, 2 reachable");
        shell("dect:name 1 Hall");
        shell("dect:name 2 Kitchen");
        awaitShell("emu:hs 2", "#2 'Kitchen'");

        // Handset 1 calls the test participant en bloc; it rings, answers, and the handset hangs up.
        shell("emu:hs 1 dial 100");
        Offer offer = (Offer) far.next("offer").detail();
        assertEquals(new CallerId("1", "Hall"), offer.caller());
        assertEquals("100", offer.called());
        assertEquals("revision 1 is narrowband", List.of(Codec.PCMA, Codec.PCMU), offer.media().codecs());
        far.leg().alerting();
        awaitShell("emu:hs 1", "call ringback");
        far.leg().answer(Media.of(List.of(Codec.PCMU)));
        awaitShell("emu:hs 1", "call connected 100 PCMU");
        shell("emu:hs 1 onhook");
        assertEquals(Reason.NORMAL, far.next("released").detail());
        awaitShell("dect:handsets", "1  Hall  ipui 2DEC700001  reachable  IDLE");

        // The test participant calls handset 2, which answers; then the dongle is pulled mid-call.
        Participant kitchen = handset(2);
        Call call = placeTo(kitchen, List.of(Codec.G722, Codec.PCMA));
        far.next("alerting");
        awaitShell("emu:hs 2", "display 'call from Alice 0301234567'");
        assertTrue(shell("emu:hs 2").contains("ringing yes"));
        shell("emu:hs 2 answer");
        Media answered = (Media) far.next("connected").detail();
        assertEquals(List.of(Codec.PCMA), answered.codecs());
        shell("emu:unplug dect");
        assertEquals(Reason.DEVICE_GONE, far.next("released").detail());
        assertTrue(onLoop(() -> core.calls().active().isEmpty()));
        assertEquals("ENDED", onLoop(() -> call.state().name()));
        awaitShell("dect:base", "no base plugged");
        assertTrue(shell("dect:handsets").contains("2  Kitchen  ipui 2DEC700002  not reachable  IDLE"));

        // Revision 2: its driver takes over; both handsets are back with their names, now wideband.
        shell("emu:plug dect 2");
        awaitShell("dect:base", "driver   rev2 driver");
        awaitShell("dect:base", "handsets 2 subscribed, 2 reachable");
        String handsets = shell("dect:handsets");
        assertTrue(handsets, handsets.contains("1  Hall  ipui 2DEC700001  reachable  IDLE  codecs [G722, PCMA, PCMU]"));
        assertTrue(handsets, handsets.contains("2  Kitchen  ipui 2DEC700002  reachable  IDLE  codecs [G722, PCMA, PCMU]"));
        awaitShell("emu:hs 1", "#1 'Hall'");
        awaitShell("emu:hs 2", "#2 'Kitchen'");

        // A call from a handset is offered G722 first.
        shell("emu:hs 1 dial 100");
        Offer wideband = (Offer) far.next("offer").detail();
        assertEquals(List.of(Codec.G722, Codec.PCMA, Codec.PCMU), wideband.media().codecs());
        far.leg().answer(Media.of(List.of(Codec.G722)));
        awaitShell("emu:hs 1", "call connected 100 G722");
        far.leg().release(Reason.NORMAL);
        awaitShell("emu:hs 1", "call idle");

        // A call to a handset, offered narrowband first, is answered wideband by the handset.
        placeTo(kitchen, List.of(Codec.PCMA, Codec.G722));
        far.next("alerting");
        shell("emu:hs 2 offhook");
        assertEquals(List.of(Codec.G722), ((Media) far.next("connected").detail()).codecs());
        shell("emu:hs 2 onhook");
        assertEquals(Reason.NORMAL, far.next("released").detail());

        // The revision-2 driver bundle is updated in place while no call runs: subscriptions survive.
        Bundle driver = installed("dialtone.hw.dect.rev2");
        long before = driver.getLastModified();
        driver.update();
        assertTrue(driver.getLastModified() >= before);
        assertEquals(Bundle.ACTIVE, driver.getState());
        awaitShell("dect:base", "driver   rev2 driver");
        awaitShell("dect:base", "handsets 2 subscribed, 2 reachable");
        handsets = shell("dect:handsets");
        assertTrue(handsets, handsets.contains("1  Hall") && handsets.contains("2  Kitchen"));
        assertTrue(handset(1) != null);

        // ... and the updated driver carries calls.
        shell("emu:hs 2 dial 100");
        assertEquals(new CallerId("2", "Kitchen"), ((Offer) far.next("offer").detail()).caller());
        shell("emu:hs 2 onhook");
        assertEquals(Reason.CANCELLED, far.next("released").detail());

        // An update during a call: the call is held and goes on with the next driver.
        shell("emu:hs 1 dial 100");
        far.next("offer");
        far.leg().answer(Media.of(List.of(Codec.G722)));
        awaitShell("emu:hs 1", "call connected 100 G722");
        driver.update();
        awaitShell("dect:base", "handsets 2 subscribed, 2 reachable");
        awaitShell("dect:handsets", "1  Hall  ipui 2DEC700001  reachable  CONNECTED");
        assertTrue(shell("emu:hs 1").contains("call connected 100 G722"));
        assertTrue("the far side heard nothing of the update: " + far.pending(), far.pending().isEmpty());
        far.leg().release(Reason.NORMAL);
        awaitShell("emu:hs 1", "call idle");
        awaitShell("dect:handsets", "1  Hall  ipui 2DEC700001  reachable  IDLE");
    }

    @Test
    public void onlyAnOpenWindowSubscribesAndPagingRingsEveryHandset() throws Exception {
        shell("emu:plug dect 2");
        awaitShell("dect:base", "revision 2");
        shell("emu:hs 4 subscribe");
        awaitShell("emu:hs 4", "display 'no base in registration'");
        openRegistration();
        shell("dect:subscribe off");
        awaitShellWithout("emu:list", "registration open");
        shell("emu:hs 4 subscribe");
        awaitShell("emu:hs 4", "display 'no base in registration'");
        openRegistration();
        shell("emu:hs 4 subscribe");
        shell("emu:hs 6 subscribe");
        awaitShell("dect:base", "handsets 2 subscribed, 2 reachable");
        assertTrue(shell("dect:handsets").contains("2  Handset 2  ipui 2DEC700006  reachable  IDLE  codecs [PCMA, PCMU]"));
        shell("dect:page");
        awaitShell("emu:hs 4", "ringing yes (paged)");
        awaitShell("emu:hs 6", "ringing yes (paged)");
        assertTrue(shell("emu:hs 5").contains("ringing no"));
        shell("dect:page off");
        awaitShell("emu:hs 4", "ringing no");
        shell("dect:delete 1");
        awaitShell("emu:hs 4", "not subscribed  display 'not subscribed'");
        assertTrue(shell("dect:handsets").startsWith("2  Handset 2"));
    }

    @Test
    public void digitByDigitDiallingEndsAfterTheInterDigitTimeout() throws Exception {
        shell("emu:plug dect 1");
        awaitShell("dect:base", "revision 1");
        openRegistration();
        shell("emu:hs 5 subscribe");
        awaitShell("dect:base", "1 reachable");
        shell("emu:hs 5 offhook");
        shell("emu:hs 5 dial 1");
        shell("emu:hs 5 dial '00'"); // quoted, or the shell reads 00 as the number 0
        Offer offer = (Offer) far.next("offer").detail();
        assertEquals("100", offer.called());
        far.leg().answer(Media.of(List.of(Codec.PCMA)));
        awaitShell("emu:hs 5", "call connected");
        shell("emu:hs 5 dial '5*'");
        assertEquals("5*", far.next("digits").detail());
        shell("emu:hs 5 onhook");
        assertEquals(Reason.NORMAL, far.next("released").detail());
    }

    @Test
    public void withTheExchangesOwnRoutingOneHandsetCallsAnother() throws Exception {
        routing.unregister(); // the exchange's routing answers now
        routing = null;
        shell("emu:plug dect 2");
        awaitShell("dect:base", "revision 2");
        openRegistration();
        shell("emu:hs 1 subscribe");
        shell("emu:hs 2 subscribe");
        awaitShell("dect:base", "handsets 2 subscribed, 2 reachable");
        shell("emu:hs 1 dial '**2'");
        awaitShell("emu:hs 2", "display 'call from Handset 1 1'");
        shell("emu:hs 2 answer");
        awaitShell("emu:hs 1", "call connected **2 G722");
        shell("emu:hs 2 onhook");
        awaitShell("emu:hs 1", "call idle");
    }

    @Test
    public void besideAnalogPortsAnInternalNumberDialledDigitByDigitRingsWithoutWaiting() throws Exception {
        routing.unregister(); // the exchange's own dial plan, which knows the ports' numbers too
        routing = null;
        try {
            assertTrue(shell("emu:plug fxs").contains("plugged emulated FXS adapter"));
            awaitShell("fxs:ports", "fxs/4 on-hook");
            new EmulatedHandsets(this).plugAndSubscribe(2, 1, 2);
            shell("emu:hs 1 offhook");
            long dialled = System.nanoTime();
            shell("emu:hs 1 dial '**2'"); // keypad digits, no #
            awaitShell("emu:hs 2", "ringing yes");
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - dialled);
            // The ports are 91 and up: no longer number starts with **2, so it is complete at once
            // and does not wait out the 4 s inter-digit timeout.
            assertTrue("handset 2 rang " + millis + " ms after the last digit", millis < 2000);
            shell("emu:hs 1 onhook");
        } finally {
            shell("emu:unplug fxs");
        }
    }

    @Test
    public void withoutATargetTheHandsetShowsWhy() throws Exception {
        shell("emu:plug dect 2");
        awaitShell("dect:base", "revision 2");
        openRegistration();
        shell("emu:hs 3 subscribe");
        awaitShell("emu:hs 3", "'Handset");
        shell("emu:hs 3 offhook");
        shell("emu:hs 3 dial 999#");
        awaitShell("emu:hs 3", "display 'number unknown'");
        assertTrue(shell("emu:hs 3").contains("call idle"));
        assertTrue(far.pending().isEmpty());
    }

    @Test
    public void aRevisionOneBaseCarriesTwoCallsAndRefusesAThird() throws Exception {
        shell("emu:plug dect 1");
        awaitShell("dect:base", "revision 1");
        openRegistration();
        for (int slot = 1; slot <= 3; slot++) {
            shell("emu:hs " + slot + " subscribe");
        }
        awaitShell("dect:base", "3 reachable");
        TestParticipant other = new TestParticipant("test/other");
        TestParticipant third = new TestParticipant("test/third");
        placeFrom(far, handset(1));
        far.next("alerting");
        placeFrom(other, handset(2));
        other.next("alerting");
        placeFrom(third, handset(3));
        assertEquals(Reason.CONGESTION, third.next("released").detail());
        awaitShell("dect:base", "calls    2 of 2");
        far.leg().release(Reason.NORMAL);
        other.leg().release(Reason.NORMAL);
        awaitShell("dect:base", "calls    0 of 2");
    }

    @Test
    public void driverComponentsStaySatisfiedAndServeOnlyThePluggedDongle() throws Exception {
        // No dongle: both revision drivers are active, bound to nothing, and offer no driver service.
        assertNoUnsatisfiedComponent();
        assertEquals(List.of(), boundDevices("dialtone.hw.dect.rev1.internal.Rev1Driver"));
        assertEquals(List.of(), boundDevices("dialtone.hw.dect.rev2.internal.Rev2Driver"));
        assertEquals(0, driverServices().length);

        // Revision 1 plugged: its driver binds the device and its bundle registers the driver service.
        shell("emu:plug dect 1");
        awaitShell("dect:base", "revision 1");
        ServiceReference<?> device = context.getServiceReferences("dialtone.hw.usb.UsbDevice", "(usb.revision=1)")[0];
        assertEquals(List.of((Long) device.getProperty(Constants.SERVICE_ID)),
                boundDevices("dialtone.hw.dect.rev1.internal.Rev1Driver"));
        assertEquals(List.of(), boundDevices("dialtone.hw.dect.rev2.internal.Rev2Driver"));
        ServiceReference<?>[] drivers = driverServices();
        assertEquals(1, drivers.length);
        assertEquals(1, drivers[0].getProperty("dect.revision"));
        assertEquals(device.getProperty("usb.serial"), drivers[0].getProperty("usb.serial"));
        assertEquals("dialtone.hw.dect.rev1", drivers[0].getBundle().getSymbolicName());
        assertNoUnsatisfiedComponent();

        // Unplugged: the service goes, the component stays active for the next dongle.
        shell("emu:unplug dect");
        awaitShell("dect:base", "no base plugged");
        assertEquals(0, driverServices().length);
        assertEquals(List.of(), boundDevices("dialtone.hw.dect.rev1.internal.Rev1Driver"));
        assertNoUnsatisfiedComponent();
    }

    private void assertNoUnsatisfiedComponent() throws Exception {
        String list = shell("scr:list");
        assertTrue(list, list.contains("Rev1Driver") && !list.contains("UNSATISFIED"));
        ServiceComponentRuntime scr = context.getService(context.getServiceReference(ServiceComponentRuntime.class));
        for (ComponentDescriptionDTO description : scr.getComponentDescriptionDTOs()) {
            for (ComponentConfigurationDTO configuration : scr.getComponentConfigurationDTOs(description)) {
                for (UnsatisfiedReferenceDTO unsatisfied : configuration.unsatisfiedReferences) {
                    throw new AssertionError(description.name + " waits for " + unsatisfied.name);
                }
            }
        }
    }

    /** The service ids a driver component's one configuration has bound to its device reference. */
    private List<Long> boundDevices(String component) {
        ServiceComponentRuntime scr = context.getService(context.getServiceReference(ServiceComponentRuntime.class));
        for (ComponentDescriptionDTO description : scr.getComponentDescriptionDTOs()) {
            if (description.name.equals(component)) {
                Collection<ComponentConfigurationDTO> configurations = scr.getComponentConfigurationDTOs(description);
                assertEquals(component, 1, configurations.size());
                ComponentConfigurationDTO configuration = configurations.iterator().next();
                assertEquals(component + " is active", ComponentConfigurationDTO.ACTIVE, configuration.state);
                for (SatisfiedReferenceDTO reference : configuration.satisfiedReferences) {
                    if (reference.name.equals("device")) {
                        return Arrays.stream(reference.boundServices).map(service -> service.id).toList();
                    }
                }
                throw new AssertionError(component + " has no device reference");
            }
        }
        throw new AssertionError(component + " not found");
    }

    private ServiceReference<?>[] driverServices() throws Exception {
        ServiceReference<?>[] found = context.getServiceReferences("dialtone.hw.dect.DectDriver", null);
        return found == null ? new ServiceReference<?>[0] : found;
    }

    private Call placeTo(Participant handset, List<Codec> codecs) throws Exception {
        return placeFrom(far, handset, codecs);
    }

    private Call placeFrom(TestParticipant from, Participant handset) throws Exception {
        return placeFrom(from, handset, List.of(Codec.PCMA));
    }

    private Call placeFrom(TestParticipant from, Participant handset, List<Codec> codecs) throws Exception {
        Offer offer = new Offer(new CallerId("0301234567", "Alice"), handset.name(), Media.of(codecs));
        Call call = onLoop(() -> core.calls().place(from, offer, List.of(handset)));
        from.useLeg(call.origin());
        return call;
    }

    private void openRegistration() throws Exception {
        new EmulatedHandsets(this).openRegistration();
    }
}
