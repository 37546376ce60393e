package dialtone.sip.line.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.HashMap;
import java.util.Map;

import org.junit.Test;

public class AccountTest {

    private static Map<String, Object> valid() {
        Map<String, Object> values = new HashMap<>();
        values.put("registrar", "127.0.0.1:25060");
        values.put("user", "1001");
        values.put("password", "s3cret-pw");
        values.put("local.port", 25080);
        return values;
    }

    private static String refusedField(Map<String, Object> values) {
        try {
            Account.from("home", Configs.account(values));
            fail("accepted " + values);
            return null;
        } catch (Account.InvalidAccount e) {
            return e.field;
        }
    }

    @Test
    public void aValidAccountTakesItsNameFromTheFileAndItsDomainFromTheRegistrar() throws Exception {
        Account account = Account.from("home", Configs.account(valid()));
        assertEquals("home", account.name());
        assertEquals("sip:1001@127.0.0.1", account.aor());
        assertEquals(25060, account.registrar().port());
        assertEquals("udp", account.transport());
    }

    @Test
    public void theRegistrarPortDefaultsTo5060() throws Exception {
        Map<String, Object> values = valid();
        values.put("registrar", "localhost");
        assertEquals(5060, Account.from("home", Configs.account(values)).registrar().port());
    }

    @Test
    public void aMissingUserIsRefusedByName() {
        Map<String, Object> values = valid();
        values.remove("user");
        assertEquals("user", refusedField(values));
    }

    @Test
    public void aPortOutOfRangeIsRefusedByName() {
        Map<String, Object> values = valid();
        values.put("local.port", 70000);
        assertEquals("local.port", refusedField(values));
        values = valid();
        values.put("registrar", "127.0.0.1:0");
        assertEquals("registrar", refusedField(values));
    }

    @Test
    public void anUnresolvableHostIsRefusedByName() {
        Map<String, Object> values = valid();
        values.put("proxy", "no-such-host.invalid");
        assertEquals("proxy", refusedField(values));
    }

    @Test
    public void anUnknownTransportIsRefused() {
        Map<String, Object> values = valid();
        values.put("transport", "sctp");
        assertEquals("transport", refusedField(values));
    }

    @Test
    public void aTooShortExpiryIsRefused() {
        Map<String, Object> values = valid();
        values.put("expires", 5);
        assertEquals("expires", refusedField(values));
    }

    @Test
    public void aCommaSeparatedTrustedListFromACfgFileIsSplit() throws Exception {
        Map<String, Object> values = valid();
        values.put("trusted", new String[] { "127.0.0.1:25094, 127.0.0.1:25096" });
        assertEquals(2, Account.from("home", Configs.account(values)).trusted().size());
    }

    @Test
    public void thePasswordNeverShowsInTheAccountsText() throws Exception {
        Account account = Account.from("home", Configs.account(valid()));
        assertFalse(account.toString(), account.toString().contains("s3cret-pw"));
    }

    @Test
    public void trustedEntriesWithoutPortTrustEveryPort() throws Exception {
        Map<String, Object> values = valid();
        values.put("trusted", new String[] { "127.0.0.1", "127.0.0.1:25099" });
        Account account = Account.from("home", Configs.account(values));
        assertEquals(0, account.trusted().get(0).port());
        assertEquals(25099, account.trusted().get(1).port());
        assertTrue(account.trusted().size() == 2);
    }
}
