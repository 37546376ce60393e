package dialtone.notify.internal;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.net.InetAddress;

import org.junit.Test;

public class AddressRangeTest {

    private static InetAddress at(String literal) throws Exception {
        return InetAddress.getByName(literal);
    }

    @Test
    public void aPrefixMatchesItsBlockOnly() throws Exception {
        AddressRange lan = AddressRange.parse("172.16.0.0/12");
        assertTrue(lan.contains(at("172.16.0.1")));
        assertTrue(lan.contains(at("172.31.255.254")));
        assertFalse(lan.contains(at("172.32.0.1")));
        assertFalse(lan.contains(at("8.8.8.8")));
    }

    @Test
    public void ipv6AndMappedIpv4() throws Exception {
        assertTrue(AddressRange.parse("::1/128").contains(at("::1")));
        assertFalse(AddressRange.parse("::1/128").contains(at("127.0.0.1")));
        assertTrue(AddressRange.parse("fe80::/10").contains(at("fe80::1")));
        assertTrue(AddressRange.parse("192.168.0.0/16").contains(at("::ffff:192.168.1.5")));
        assertTrue(AddressRange.parse("10.1.2.3").contains(at("10.1.2.3")));
        assertFalse(AddressRange.parse("10.1.2.3").contains(at("10.1.2.4")));
    }

    @Test
    public void namesAndBadPrefixesAreRefusedWithoutALookUp() {
        assertThrows(IllegalArgumentException.class, () -> AddressRange.parse("beef"));
        assertThrows(IllegalArgumentException.class, () -> AddressRange.parse("router.lan/24"));
        assertThrows(IllegalArgumentException.class, () -> AddressRange.parse("10.0.0.0/33"));
        assertThrows(IllegalArgumentException.class, () -> AddressRange.parse("10.0.0.0/x"));
    }
}
