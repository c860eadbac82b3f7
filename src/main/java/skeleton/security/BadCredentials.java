package skeleton.security;

/**
 * Why a request's credentials were refused. The reason goes to the log only: the client gets the same 401 whatever
 * it is. It never contains the credential itself.
 */
final class BadCredentials extends Exception {

    BadCredentials(String reason) {
        super(reason, null, false, false);
    }

    String reason() {
        return getMessage();
    }
}
