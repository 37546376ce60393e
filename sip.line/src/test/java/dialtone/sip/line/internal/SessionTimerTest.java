package dialtone.sip.line.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import javax.sip.message.Request;
import javax.sip.message.Response;

import org.junit.Test;

import gov.nist.javax.sip.header.HeaderFactoryImpl;
import gov.nist.javax.sip.message.MessageFactoryImpl;
import gov.nist.javax.sip.parser.StringMsgParser;

public class SessionTimerTest {

    private static final String HEAD = "Via: SIP/2.0/UDP 192.0.2.7:5060;branch=z9hG4bK-1\r\n"
            + "From: <sip:0301234567@192.0.2.7>;tag=a\r\n"
            + "To: <sip:1001@192.0.2.1>\r\n"
            + "Call-ID: 1@192.0.2.7\r\n"
            + "CSeq: 1 INVITE\r\n";

    private static Request invite(String more) throws Exception {
        String text = "INVITE sip:1001@192.0.2.1 SIP/2.0\r\n" + HEAD + "Max-Forwards: 70\r\n" + more
                + "Content-Length: 0\r\n\r\n";
        return (Request) new StringMsgParser().parseSIPMessage(text.getBytes(StandardCharsets.US_ASCII), true, false,
                null);
    }

    private static Response ok(String more) throws Exception {
        String text = "SIP/2.0 200 OK\r\n" + HEAD + more + "Content-Length: 0\r\n\r\n";
        return (Response) new StringMsgParser().parseSIPMessage(text.getBytes(StandardCharsets.US_ASCII), true, false,
                null);
    }

    @Test
    public void theCallerRefreshesWhatItAsksForUnlessItNamesUs() throws Exception {
        SessionTimer timer = SessionTimer.ofRequest(invite("Supported: timer\r\nSession-Expires: 600\r\n"));
        assertEquals(new SessionTimer(600, false, true), timer);
        assertEquals(Duration.ofSeconds(300), timer.refreshAfter());
        assertEquals(Duration.ofSeconds(568), timer.expiryAfter());
        assertEquals(new SessionTimer(90, true, true),
                SessionTimer.ofRequest(invite("Supported: timer\r\nSession-Expires: 90;refresher=uas\r\n")));
        assertEquals(Duration.ofSeconds(60), new SessionTimer(90, true, true).expiryAfter());
        assertEquals("compact form, and Require", new SessionTimer(1800, false, true),
                SessionTimer.ofRequest(invite("Require: timer\r\nx: 1800;refresher=uac\r\n")));
    }

    @Test
    public void aCallerWithoutTheExtensionLeavesTheRefreshesToUsAndOneWithoutAnIntervalGetsOurs() throws Exception {
        assertEquals("a proxy asked for it", new SessionTimer(900, true, false),
                SessionTimer.ofRequest(invite("Session-Expires: 900\r\n")));
        assertEquals(new SessionTimer(SessionTimer.ASKED, false, true), SessionTimer.ofRequest(invite("Supported: timer\r\n")));
        assertFalse(SessionTimer.ofRequest(invite("Supported: 100rel\r\n")).active());
    }

    @Test
    public void anIntervalUnderNinetySecondsIsRefused() throws Exception {
        assertNull(SessionTimer.ofRequest(invite("Supported: timer\r\nSession-Expires: 89\r\n")));
    }

    @Test
    public void theAnswerSaysWhoRefreshesAndRequiresTheTimerOnlyOfOneWhoKnowsIt() throws Exception {
        Response response = ok("");
        new SessionTimer(600, false, true).answer(response, new HeaderFactoryImpl());
        String text = response.toString();
        assertTrue(text, text.contains("Session-Expires: 600;refresher=uac"));
        assertTrue(text, text.contains("Require: timer"));
        assertTrue(text, text.contains("Supported: timer"));
        Response plain = ok("");
        new SessionTimer(900, true, false).answer(plain, new HeaderFactoryImpl());
        assertTrue(plain.toString(), plain.toString().contains("Session-Expires: 900;refresher=uas"));
        assertFalse(plain.toString(), plain.toString().contains("Require"));
    }

    @Test
    public void aResponseSettlesTheTimerOfOurRequest() throws Exception {
        assertEquals(new SessionTimer(90, true, true),
                SessionTimer.ofResponse(ok("Require: timer\r\nSession-Expires: 90;refresher=uac\r\n")));
        assertEquals(new SessionTimer(1800, false, true),
                SessionTimer.ofResponse(ok("Require: timer\r\nSession-Expires: 1800;refresher=uas\r\n")));
        assertFalse("no Session-Expires: no timer", SessionTimer.ofResponse(ok("Supported: timer\r\n")).active());
    }

    @Test
    public void a422NamesTheLeastIntervalAndTheRequestAsksForItAgain() throws Exception {
        String text = "SIP/2.0 422 Session Interval Too Small\r\n" + HEAD + "Min-SE: 3600\r\nContent-Length: 0\r\n\r\n";
        Response refused = (Response) new StringMsgParser().parseSIPMessage(text.getBytes(StandardCharsets.US_ASCII),
                true, false, null);
        assertEquals(3600, SessionTimer.minimumOf(refused));
        assertEquals("none named", 0, SessionTimer.minimumOf(ok("")));
        Request again = invite("Session-Expires: 1800\r\n");
        SessionTimer.askAgain(again, 3600, new HeaderFactoryImpl());
        assertTrue(again.toString(), again.toString().contains("Session-Expires: 3600\r\n"));
        assertTrue(again.toString(), again.toString().contains("Min-SE: 3600\r\n"));
        assertFalse("one Session-Expires", again.toString().contains("1800"));
    }

    @Test
    public void ourRequestsAskForHalfAnHourOrRefreshTheOneInForce() throws Exception {
        Request invite = new MessageFactoryImpl().createRequest(
                "INVITE sip:42@192.0.2.1 SIP/2.0\r\n" + HEAD + "Max-Forwards: 70\r\nContent-Length: 0\r\n\r\n");
        SessionTimer.NONE.ask(invite, new HeaderFactoryImpl());
        assertTrue(invite.toString(), invite.toString().contains("Session-Expires: 1800\r\n"));
        Request refresh = invite("");
        new SessionTimer(90, true, true).ask(refresh, new HeaderFactoryImpl());
        assertTrue(refresh.toString(), refresh.toString().contains("Session-Expires: 90;refresher=uac"));
    }
}
