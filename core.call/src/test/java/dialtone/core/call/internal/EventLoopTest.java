package dialtone.core.call.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.After;
import org.junit.Test;

import dialtone.core.call.Message;

public class EventLoopTest {

    private static final int PRODUCERS = 8;
    private static final int PER_PRODUCER = 100_000;

    record Numbered(int producer, int sequence) {
    }

    private EventLoop loop;

    @After
    public void stop() throws InterruptedException {
        loop.stop(2000);
    }

    @Test
    public void messagesFromEightProducersAreHandledOnOneThreadOnceEachInPerProducerOrder() throws Exception {
        int[] nextExpected = new int[PRODUCERS];
        Set<Thread> handlerThreads = new HashSet<>();
        AtomicReference<String> failure = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(PRODUCERS * PER_PRODUCER);
        loop = new EventLoop(message -> {
            // These plain fields are safe only if every handler runs on the same single thread.
            handlerThreads.add(Thread.currentThread());
            Numbered n = (Numbered) ((Message.Delivery<?>) message).event();
            if (n.sequence() != nextExpected[n.producer()]) {
                failure.compareAndSet(null, "producer " + n.producer() + ": got " + n.sequence() + ", expected "
                        + nextExpected[n.producer()]);
            }
            nextExpected[n.producer()] = n.sequence() + 1;
            done.countDown();
        }, TimeUnit.SECONDS.toNanos(1));
        loop.start();

        Thread[] producers = new Thread[PRODUCERS];
        CountDownLatch go = new CountDownLatch(1);
        for (int p = 0; p < PRODUCERS; p++) {
            int producer = p;
            producers[p] = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < PER_PRODUCER; i++) {
                    loop.deliver(x -> { }, new Numbered(producer, i));
                }
            }, "producer-" + p);
            producers[p].start();
        }
        go.countDown();
        for (Thread producer : producers) {
            producer.join(30_000);
        }

        assertTrue("all handled within 30 s", done.await(30, TimeUnit.SECONDS));
        loop.stop(2000);
        assertEquals(null, failure.get());
        assertEquals(1, handlerThreads.size());
        assertEquals(EventLoop.THREAD_NAME, handlerThreads.iterator().next().getName());
        for (int p = 0; p < PRODUCERS; p++) {
            assertEquals("producer " + p + " handled exactly once each", PER_PRODUCER, nextExpected[p]);
        }
        assertEquals((long) PRODUCERS * PER_PRODUCER, loop.handled());
        assertEquals(0, loop.depth());
    }

    @Test
    public void aHandlerThatThrowsIsCountedAndTheLoopGoesOn() throws Exception {
        CountDownLatch after = new CountDownLatch(1);
        loop = new EventLoop(message -> {
            Object event = ((Message.Delivery<?>) message).event();
            if ("boom".equals(event)) {
                throw new IllegalStateException("broken handler");
            }
            after.countDown();
        }, TimeUnit.SECONDS.toNanos(1));
        loop.start();
        loop.deliver(x -> { }, "boom");
        loop.deliver(x -> { }, "next");
        assertTrue(after.await(5, TimeUnit.SECONDS));
        assertEquals(1, loop.failed());
    }

    @Test
    public void anIdleLoopWakesForTheNextMessage() throws Exception {
        CountDownLatch handled = new CountDownLatch(1);
        loop = new EventLoop(message -> handled.countDown(), TimeUnit.SECONDS.toNanos(1));
        loop.start();
        Thread.sleep(50); // long enough for the loop to park
        loop.deliver(x -> { }, "wake");
        assertTrue(handled.await(5, TimeUnit.SECONDS));
    }
}
