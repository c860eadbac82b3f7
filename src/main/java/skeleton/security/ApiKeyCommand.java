package skeleton.security;

import java.io.PrintStream;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;

/**
 * {@code new-api-key NAME [ROLE ...]}: makes a random API key (32 bytes from SecureRandom, base64url), prints it
 * once, and prints the entry to add to maps/apikeys.json or API_KEYS; only that entry's SHA-256 is ever stored.
 */
public final class ApiKeyCommand {

    static final String PREFIX = "csk_";

    private ApiKeyCommand() {
    }

    /** Runs the command; returns the exit code (2 on bad arguments, with the usage on {@code err}). */
    public static int run(List<String> args, PrintStream out, PrintStream err) {
        String usage = "usage: new-api-key NAME [ROLE ...]   (NAME: 1 to 64 letters, digits, '.', '_' or '-', not starting"
                + " with '-')";
        if (!args.isEmpty() && (args.get(0).equals("--help") || args.get(0).equals("-h"))) {
            out.println(usage);
            return 0;
        }
        if (args.isEmpty() || !args.get(0).matches("[A-Za-z0-9._][A-Za-z0-9._-]{0,63}")) {
            err.println(usage);
            return 2;
        }
        String name = args.get(0);
        List<String> roles = args.subList(1, args.size());
        String key = newKey();
        String roleList = roles.stream().map(r -> "\"" + r.replace("\"", "") + "\"").collect(Collectors.joining(", "));
        out.println("New API key \"" + name + "\"; it is shown this once, store it now:");
        out.println();
        out.println("  " + key);
        out.println();
        out.println("Add this entry to the \"keys\" list of maps/apikeys.json (or of API_KEYS), then restart:");
        out.println();
        out.println("  {\"name\": \"" + name + "\", \"sha256\": \"" + ApiKeys.sha256Hex(key) + "\", \"roles\": ["
                + roleList + "]}");
        out.println();
        out.println("Call the API with the header X-API-Key: <the key> (API_KEY_HEADER names another header).");
        return 0;
    }

    static String newKey() {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }
}
