package dialtone.notify.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dialtone.core.call.Call;
import dialtone.core.call.CallObserver;
import dialtone.core.call.Leg;
import dialtone.core.call.Participant;
import dialtone.core.call.Reason;
import dialtone.notify.NotifyEvents;

/**
 * Turns every call's steps into Event Admin events. On the call-core thread it only builds the
 * event and puts it on a bounded lock-free queue; its own thread, {@code notify-publish}, hands the
 * events to the Event Admin in order. When the queue is full (the publisher cannot keep up) an
 * event is dropped with a log line rather than the loop slowed.
 */
@Component(service = CallObserver.class, immediate = true)
public final class CallPublisher implements CallObserver {

    static final int QUEUE_LIMIT = 65_536;

    private static final Logger log = LoggerFactory.getLogger(CallPublisher.class);

    private final EventAdmin eventAdmin;
    private final ParticipantDirectory directory = new ParticipantDirectory();
    private final ConcurrentLinkedQueue<Event> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicLong dropped = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;

    /** What the feed needs to remember of a call between its steps. Call-core thread only. */
    private record Placed(String direction, String line, String extension, String number) {
    }

    private final Map<String, Placed> placed = new HashMap<>();

    @Activate
    public CallPublisher(@Reference EventAdmin eventAdmin) {
        this.eventAdmin = eventAdmin;
        thread = new Thread(this::publish, "notify-publish");
        thread.setDaemon(true);
        thread.start();
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        running = false;
        LockSupport.unpark(thread);
        thread.join(TimeUnit.SECONDS.toMillis(2));
    }

    @Reference(service = Participant.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC)
    void bindParticipant(Map<String, Object> properties) {
        directory.add(properties);
    }

    void unbindParticipant(Map<String, Object> properties) {
        directory.remove(properties);
    }

    @Override
    public void placed(Call call) {
        Leg origin = call.origin();
        ParticipantDirectory.Entry from = directory.get(origin.participant().name());
        List<String> targets = new ArrayList<>();
        String targetLine = null;
        for (Leg leg : call.legs()) {
            if (!leg.isOrigin()) {
                String name = leg.participant().name();
                targets.add(name);
                if (targetLine == null && directory.get(name).isLine()) {
                    targetLine = name;
                }
            }
        }
        Map<String, Object> properties = base(call);
        String caller = call.offer().caller().number();
        String called = call.offer().called();
        properties.put(NotifyEvents.CALLER, caller);
        put(properties, NotifyEvents.CALLER_NAME, call.offer().caller().name());
        properties.put(NotifyEvents.CALLED, called);
        properties.put(NotifyEvents.ORIGIN, origin.participant().name());
        properties.put(NotifyEvents.TARGETS, targets.toArray(String[]::new));
        String topic;
        Placed step;
        if (from.isLine()) {
            step = new Placed(NotifyEvents.IN, origin.participant().name(), "", caller);
            topic = NotifyEvents.CALL_RING;
        } else if (targetLine != null) {
            step = new Placed(NotifyEvents.OUT, targetLine, from.number(), called);
            topic = NotifyEvents.CALL_CALL;
        } else {
            step = new Placed(NotifyEvents.INTERNAL, "", from.number(), caller);
            topic = NotifyEvents.CALL_CALL;
        }
        placed.put(call.id(), step);
        properties.put(NotifyEvents.DIRECTION, step.direction());
        put(properties, NotifyEvents.LINE, step.line());
        put(properties, NotifyEvents.EXTENSION, step.extension());
        offer(call, topic, properties);
    }

    @Override
    public void alerting(Call call, Leg leg) {
        Placed step = placed.get(call.id());
        if (step == null) {
            return;
        }
        Map<String, Object> properties = base(call);
        properties.put(NotifyEvents.DIRECTION, step.direction());
        properties.put(NotifyEvents.PARTICIPANT, leg.participant().name());
        put(properties, NotifyEvents.EXTENSION, directory.get(leg.participant().name()).number());
        offer(call, NotifyEvents.CALL_ALERTING, properties);
    }

    @Override
    public void connected(Call call) {
        Placed step = placed.get(call.id());
        if (step == null) {
            return;
        }
        String answeredBy = call.answered().participant().name();
        // The handset or port that talks: the one that answered, unless it called out itself.
        String extension = NotifyEvents.OUT.equals(step.direction()) ? step.extension()
                : directory.get(answeredBy).number();
        placed.put(call.id(), new Placed(step.direction(), step.line(), extension, step.number()));
        Map<String, Object> properties = base(call);
        properties.put(NotifyEvents.DIRECTION, step.direction());
        properties.put(NotifyEvents.PARTICIPANT, answeredBy);
        put(properties, NotifyEvents.EXTENSION, extension);
        properties.put(NotifyEvents.NUMBER, step.number());
        put(properties, NotifyEvents.LINE, step.line());
        offer(call, NotifyEvents.CALL_CONNECT, properties);
    }

    @Override
    public void ended(Call call, Reason reason) {
        Placed step = placed.remove(call.id());
        if (step == null) {
            return;
        }
        Instant connectedAt = call.connectedAt();
        long seconds = connectedAt == null ? 0 : Duration.between(connectedAt, Instant.now()).getSeconds();
        Map<String, Object> properties = base(call);
        properties.put(NotifyEvents.DIRECTION, step.direction());
        properties.put(NotifyEvents.DURATION, seconds);
        properties.put(NotifyEvents.REASON, reason.name());
        properties.put(NotifyEvents.REASON_TEXT, reason.description());
        properties.put(NotifyEvents.ANSWERED, connectedAt != null);
        put(properties, NotifyEvents.LINE, step.line());
        put(properties, NotifyEvents.EXTENSION, step.extension());
        offer(call, NotifyEvents.CALL_DISCONNECT, properties);
    }

    private static Map<String, Object> base(Call call) {
        Map<String, Object> properties = new HashMap<>();
        properties.put(NotifyEvents.TIMESTAMP, System.currentTimeMillis());
        properties.put(NotifyEvents.CALL_ID, call.id());
        return properties;
    }

    private static void put(Map<String, Object> properties, String key, String value) {
        if (value != null && !value.isEmpty()) {
            properties.put(key, value);
        }
    }

    /** Call-core thread: never blocks, never waits for the Event Admin. */
    private void offer(Call call, String topic, Map<String, Object> properties) {
        if (queued.incrementAndGet() > QUEUE_LIMIT) {
            queued.decrementAndGet();
            long total = dropped.incrementAndGet();
            if (Long.bitCount(total) == 1) {
                log.warn("{} {} not published: {} events waiting ({} dropped so far)", call.id(), topic, QUEUE_LIMIT,
                        total);
            }
            return;
        }
        queue.add(new Event(topic, properties));
        LockSupport.unpark(thread);
    }

    private void publish() {
        while (running) {
            Event event = queue.poll();
            if (event == null) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
                continue;
            }
            queued.decrementAndGet();
            try {
                eventAdmin.postEvent(event);
            } catch (RuntimeException e) {
                log.error("{} {} could not be published", event.getProperty(NotifyEvents.CALL_ID), event.getTopic(), e);
            }
        }
    }
}
