package dialtone.lib.jainsip.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;

import org.junit.Test;

import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import gov.nist.javax.sip.parser.MessageParser;

public class VersionKeepingParserFactoryTest {

    private final MessageParser parser = new VersionKeepingParserFactory().createMessageParser(null);

    private static byte[] options(String version) {
        return ("\r\nOPTIONS sip:1001@127.0.0.1 " + version + "\r\n"
                + "Via: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bK-1\r\n"
                + "From: <sip:tester@127.0.0.1:5070>;tag=t-1\r\n"
                + "To: <sip:1001@127.0.0.1>\r\n"
                + "Call-ID: 1@127.0.0.1\r\n"
                + "CSeq: 1 OPTIONS\r\n"
                + "Max-Forwards: 70\r\n"
                + "Content-Length: 0\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    private SIPMessage parse(byte[] bytes) throws Exception {
        return parser.parseSIPMessage(bytes, true, false, null);
    }

    @Test
    public void aRequestKeepsTheVersionItCarried() throws Exception {
        SIPRequest request = (SIPRequest) parse(options("SIP/7.0"));
        assertEquals("SIP/7.0", request.getRequestLine().getSipVersion());
        assertEquals("OPTIONS", request.getMethod());
    }

    @Test
    public void aSip20RequestIsTheStockParsersOwn() throws Exception {
        SIPRequest request = (SIPRequest) parse(options("SIP/2.0"));
        assertEquals("SIP/2.0", request.getRequestLine().getSipVersion());
        assertTrue(request.encode().startsWith("OPTIONS sip:1001@127.0.0.1 SIP/2.0\r\n"));
    }

    @Test
    public void aResponseIsLeftAsParsed() throws Exception {
        byte[] ok = ("SIP/2.0 200 OK\r\n"
                + "Via: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bK-1\r\n"
                + "From: <sip:tester@127.0.0.1:5070>;tag=t-1\r\n"
                + "To: <sip:1001@127.0.0.1>;tag=u-1\r\n"
                + "Call-ID: 1@127.0.0.1\r\n"
                + "CSeq: 1 OPTIONS\r\n"
                + "Content-Length: 0\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        assertEquals(200, ((SIPResponse) parse(ok)).getStatusCode());
    }

    @Test
    public void theVersionIsTheLastWordOfTheFirstLine() {
        assertEquals("SIP/3.0", VersionKeepingParserFactory.requestLineVersion(
                "\r\n\r\nINVITE sip:a@b SIP/3.0 \r\nVia: x".getBytes(StandardCharsets.US_ASCII)));
        assertEquals("SIP/2.0", VersionKeepingParserFactory.requestLineVersion(
                "BYE sip:a@b SIP/2.0".getBytes(StandardCharsets.US_ASCII)));
        assertNull(VersionKeepingParserFactory.requestLineVersion("\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
        assertNull(VersionKeepingParserFactory.requestLineVersion(new byte[0]));
    }
}
