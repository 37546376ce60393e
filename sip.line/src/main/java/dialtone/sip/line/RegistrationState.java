package dialtone.sip.line;

/** Where an account's registration with its provider stands. */
public enum RegistrationState {
    UNREGISTERED,
    REGISTERING,
    REGISTERED,
    FAILED
}
