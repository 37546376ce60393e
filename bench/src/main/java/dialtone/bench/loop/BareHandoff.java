package dialtone.bench.loop;

import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

import org.jctools.queues.MessagePassingQueue;
import org.jctools.queues.MpscUnboundedXaddArrayQueue;

import dialtone.core.call.Message;

/**
 * The baseline for the loop: the same queue type and the same park/unpark hand-off, but the
 * consumer only takes each message and hands its event to the recipient, with no dispatch by type,
 * no handler timing, no statistics and no watchdog fields.
 */
final class BareHandoff {

    private final MessagePassingQueue<Message.Delivery<Object>> queue = new MpscUnboundedXaddArrayQueue<>(1024);
    private final Thread consumer = new Thread(this::run, "bare-consumer");
    private volatile boolean parked;
    private volatile boolean running = true;

    BareHandoff() {
        consumer.setDaemon(true);
        consumer.start();
    }

    @SuppressWarnings("unchecked")
    <E> void deliver(Consumer<? super E> recipient, E event) {
        queue.offer((Message.Delivery<Object>) (Message.Delivery<?>) new Message.Delivery<>(recipient, event));
        if (parked) {
            LockSupport.unpark(consumer);
        }
    }

    void stop() throws InterruptedException {
        running = false;
        LockSupport.unpark(consumer);
        consumer.join(2000);
    }

    private void run() {
        while (running) {
            Message.Delivery<Object> delivery = queue.relaxedPoll();
            if (delivery != null) {
                delivery.recipient().accept(delivery.event());
                continue;
            }
            int spins = 0;
            while (queue.isEmpty() && spins++ < 128) {
                Thread.onSpinWait();
            }
            if (queue.isEmpty()) {
                parked = true;
                if (queue.isEmpty() && running) {
                    LockSupport.park(this);
                }
                parked = false;
            }
        }
    }
}
