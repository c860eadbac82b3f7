package skeleton.security;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Tries a TLS handshake of one protocol version with the openssl command line, which (unlike the JDK, where TLS 1.1
 * is disabled) can still offer TLS 1.1 at security level 0: so a refusal comes from the server, not the client.
 */
final class TlsProbe {

    private TlsProbe() {
    }

    /** openssl s_client's output (stdout and stderr) for one handshake with the given version flag. */
    static String handshake(String host, int port, String versionFlag) throws Exception {
        Process process = new ProcessBuilder(List.of("openssl", "s_client", "-connect", host + ":" + port,
                versionFlag, "-cipher", "DEFAULT@SECLEVEL=0", "-servername", "localhost"))
                .redirectErrorStream(true).start();
        process.getOutputStream().close();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("openssl s_client " + versionFlag + " did not finish in 20 s");
        }
        return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
}
