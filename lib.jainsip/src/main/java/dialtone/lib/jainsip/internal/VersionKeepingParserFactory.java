package dialtone.lib.jainsip.internal;

import java.nio.charset.StandardCharsets;

import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.parser.MessageParser;
import gov.nist.javax.sip.parser.MessageParserFactory;
import gov.nist.javax.sip.parser.StringMsgParserFactory;
import gov.nist.javax.sip.stack.SIPTransactionStack;

/**
 * The stack's message parser (JAIN-SIP's {@code gov.nist.javax.sip.MESSAGE_PARSER_FACTORY}, found
 * by class name, hence inside this bundle), with the SIP version of a request line kept. The stock
 * parser reads any version as SIP/2.0: it builds its "Expecting SIP/2.0" error and never throws it,
 * so the stack's message channels, which answer a request in another version with 505 (RFC 3261,
 * 21.5.7), never see one. This one parses with the stock parser and puts the version the request
 * line carried back on the request; everything else is the stock parser's.
 */
public final class VersionKeepingParserFactory implements MessageParserFactory {

    private static final String SIP_2_0 = "SIP/2.0";

    private final MessageParserFactory stock = new StringMsgParserFactory();

    public VersionKeepingParserFactory() {
        // instantiated by the stack by reflection
    }

    @Override
    public MessageParser createMessageParser(SIPTransactionStack stack) {
        MessageParser parser = stock.createMessageParser(stack);
        return (bytes, readBody, strict, listener) -> {
            SIPMessage message = parser.parseSIPMessage(bytes, readBody, strict, listener);
            if (message instanceof SIPRequest request) {
                String version = requestLineVersion(bytes);
                if (version != null && !version.equalsIgnoreCase(SIP_2_0)) {
                    request.getRequestLine().setSipVersion(version);
                }
            }
            return message;
        };
    }

    /**
     * The last word of the first line that is not empty (leading CRLFs are keep-alives), or null
     * when there is none; for a request line, its SIP version.
     */
    static String requestLineVersion(byte[] bytes) {
        int start = 0;
        while (start < bytes.length && (bytes[start] == '\r' || bytes[start] == '\n')) {
            start++;
        }
        int end = start;
        while (end < bytes.length && bytes[end] != '\r' && bytes[end] != '\n') {
            end++;
        }
        while (end > start && (bytes[end - 1] == ' ' || bytes[end - 1] == '\t')) {
            end--;
        }
        int word = end;
        while (word > start && bytes[word - 1] != ' ' && bytes[word - 1] != '\t') {
            word--;
        }
        return word < end ? new String(bytes, word, end - word, StandardCharsets.US_ASCII) : null;
    }
}
