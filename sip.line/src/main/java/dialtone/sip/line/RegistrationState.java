package dialtone.sip.line;

/** Where an account's registration with its provider stands. */
public enum RegistrationState {
    /** Not registered, and not trying (account disabled, stopped, or no registrar to talk to yet). */
    UNREGISTERED,
    /** A REGISTER is under way. */
    REGISTERING,
    /** The registrar accepted the binding; it is refreshed before it expires. */
    REGISTERED,
    /** The last attempt failed (refused, wrong password, no answer); another follows after a back-off. */
    FAILED,
    /** The account's configuration was refused; the last error names the field. */
    REFUSED
}
