package dialtone.repo.internal;

/** A bundle that is not installed, and the check it failed, in words an operator can act on. */
final class Refusal extends Exception {

    private static final long serialVersionUID = 1L;

    Refusal(String message) {
        super(message);
    }

    Refusal(String message, Throwable cause) {
        super(message, cause);
    }
}
