package dialtone.sip.line.internal;

import static org.junit.Assert.assertEquals;

import java.nio.charset.StandardCharsets;

import javax.sip.message.Request;

import org.junit.Test;

import dialtone.core.call.CallerId;
import gov.nist.javax.sip.parser.StringMsgParser;

public class CallerOfTest {

    private static CallerId callerOf(String from, String more) throws Exception {
        String text = "INVITE sip:1001@192.0.2.1 SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 192.0.2.7:5060;branch=z9hG4bK-1\r\n"
                + "From: " + from + ";tag=a\r\n"
                + "To: <sip:1001@192.0.2.1>\r\n"
                + "Call-ID: 1@192.0.2.7\r\n"
                + "CSeq: 1 INVITE\r\n"
                + "Max-Forwards: 70\r\n"
                + more
                + "Content-Length: 0\r\n\r\n";
        Request request = (Request) new StringMsgParser().parseSIPMessage(text.getBytes(StandardCharsets.US_ASCII),
                true, false, null);
        return SipAgent.callerOf(request);
    }

    @Test
    public void theNumberAndNameComeFromTheFromHeader() throws Exception {
        assertEquals(new CallerId("0301234567", "Anna"), callerOf("\"Anna\" <sip:0301234567@192.0.2.7>", ""));
        assertEquals(new CallerId("0301234567", ""), callerOf("<tel:0301234567>", ""));
    }

    @Test
    public void aWithheldNumberIsEmptyHoweverItIsSaid() throws Exception {
        assertEquals(new CallerId("", "Anonymous"),
                callerOf("\"Anonymous\" <sip:anonymous@anonymous.invalid>", ""));
        assertEquals(new CallerId("", ""), callerOf("<sip:Anonymous@192.0.2.7>", ""));
        assertEquals(new CallerId("", ""), callerOf("<sip:0301234567@192.0.2.7>", "Privacy: id\r\n"));
        assertEquals(new CallerId("", ""), callerOf("<sip:0301234567@192.0.2.7>", "Privacy: header;user\r\n"));
        assertEquals(new CallerId("0301234567", ""), callerOf("<sip:0301234567@192.0.2.7>", "Privacy: none\r\n"));
    }
}
