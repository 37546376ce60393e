package dialtone.repo.internal;

/** A repository index that cannot be read: says where and why. */
final class IndexException extends Exception {

    private static final long serialVersionUID = 1L;

    IndexException(String message) {
        super(message);
    }

    IndexException(String message, Throwable cause) {
        super(message, cause);
    }
}
