package dialtone.sip.line.internal;

import static org.junit.Assert.assertEquals;

import java.time.Duration;

import org.junit.Test;

public class BackoffTest {

    @Test
    public void waitsDoubleFromTheFirstUpToTheMaximumAndStartOverAfterASuccess() {
        Backoff backoff = new Backoff(Duration.ofSeconds(10), Duration.ofMinutes(10));
        assertEquals(Duration.ofSeconds(10), backoff.failed());
        assertEquals(Duration.ofSeconds(20), backoff.failed());
        assertEquals(Duration.ofSeconds(40), backoff.failed());
        for (int i = 0; i < 30; i++) {
            backoff.failed();
        }
        assertEquals(Duration.ofMinutes(10), backoff.failed());
        backoff.succeeded();
        assertEquals(Duration.ofSeconds(10), backoff.failed());
    }
}
