package skeleton.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import skeleton.api.Caller;

/**
 * The {@code apikey} scheme: the known keys, each a name, the SHA-256 digest of the key and roles; the keys
 * themselves are never stored. A presented key is hashed and compared with every digest in constant time, with no
 * early exit, so the time taken says nothing about which digest came close.
 */
final class ApiKeys {

    /** One known key: its name, the lowercase hex SHA-256 of the key, and its roles. */
    record Entry(String name, byte[] sha256, List<String> roles) {
        Entry {
            roles = List.copyOf(roles);
        }
    }

    private final List<Entry> entries;

    ApiKeys(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    int size() {
        return entries.size();
    }

    List<String> names() {
        return entries.stream().map(Entry::name).toList();
    }

    Caller verify(String presented) throws BadCredentials {
        byte[] digest = sha256(presented);
        Entry found = null;
        for (Entry entry : entries) {
            if (MessageDigest.isEqual(entry.sha256(), digest) && found == null) {
                found = entry;
            }
        }
        if (found == null) {
            throw new BadCredentials("the API key sent matches none of the " + entries.size() + " known keys");
        }
        return new Caller("apikey", found.name(), null, null, found.roles());
    }

    static byte[] sha256(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }

    static String sha256Hex(String key) {
        return HexFormat.of().formatHex(sha256(key));
    }

    /** Both sources together: the keys of the file and those of the API_KEYS setting. */
    static ApiKeys of(List<Entry> file, Optional<List<Entry>> setting) {
        List<Entry> all = new ArrayList<>(file);
        setting.ifPresent(all::addAll);
        return new ApiKeys(all);
    }
}
