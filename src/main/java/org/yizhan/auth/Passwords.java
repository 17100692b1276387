package org.yizhan.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Argon2id password hashes (BouncyCastle's {@link Argon2BytesGenerator}) in the PHC string form
 * {@code $argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>} (unpadded base64), so that a hash carries its own
 * parameters and stronger ones can come later without a migration. Parameters: the OWASP minimum for
 * Argon2id, 19 MiB of memory, 2 passes, 1 lane; about 50 ms per hash on one core.
 *
 * <p>{@link #verify} of a password against {@link #DUMMY} takes the same work as against a real hash: a
 * login for an unknown name costs what a wrong password costs. CPU- and memory-heavy: never call on an
 * event loop. Thread-safe (no shared state beyond a {@link SecureRandom}).
 */
public final class Passwords {
    /** Shortest and longest password accepted when one is set (a longer one is a denial of service, not safety). */
    public static final int MIN_LENGTH = 10;

    public static final int MAX_LENGTH = 256;

    private static final int MEMORY_KIB = 19 * 1024;
    private static final int ITERATIONS = 2;
    private static final int LANES = 1;
    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getDecoder();

    /** A hash of a random password nobody knows, with the current parameters: the stand-in for an unknown name. */
    public static final String DUMMY = hash(B64.encodeToString(randomBytes(24)));

    private Passwords() {}

    /** Why a new password is refused, or null when it is acceptable. */
    public static String problem(String password) {
        if (password == null) {
            return "password is required";
        }
        int n = password.codePointCount(0, password.length());
        if (n < MIN_LENGTH || n > MAX_LENGTH) {
            return "password must be " + MIN_LENGTH + "-" + MAX_LENGTH + " characters";
        }
        return null;
    }

    /** A new PHC string for {@code password} with a fresh random salt. */
    public static String hash(String password) {
        byte[] salt = randomBytes(SALT_BYTES);
        byte[] out = derive(password, salt, MEMORY_KIB, ITERATIONS, LANES, HASH_BYTES);
        return "$argon2id$v=19$m=" + MEMORY_KIB + ",t=" + ITERATIONS + ",p=" + LANES + "$" + B64.encodeToString(salt)
                + "$" + B64.encodeToString(out);
    }

    /** True when {@code password} matches {@code phc}; a malformed hash matches nothing (after the same work). */
    public static boolean verify(String password, String phc) {
        String[] parts = phc == null ? new String[0] : phc.split("\\$");
        // "", "argon2id", "v=19", "m=..,t=..,p=..", salt, hash
        if (parts.length != 6 || !parts[1].equals("argon2id") || !parts[2].equals("v=19")) {
            verify(password, DUMMY);
            return false;
        }
        try {
            int m = 0;
            int t = 0;
            int p = 0;
            for (String kv : parts[3].split(",")) {
                int v = Integer.parseInt(kv.substring(2));
                switch (kv.substring(0, 2)) {
                    case "m=" -> m = v;
                    case "t=" -> t = v;
                    case "p=" -> p = v;
                    default -> throw new IllegalArgumentException(kv);
                }
            }
            if (m < 8 || m > 1 << 20 || t < 1 || t > 10 || p < 1 || p > 4) {
                throw new IllegalArgumentException("parameters out of range");
            }
            byte[] salt = B64D.decode(parts[4]);
            byte[] expected = B64D.decode(parts[5]);
            byte[] actual = derive(password, salt, m, t, p, expected.length);
            return MessageDigest.isEqual(expected, actual);
        } catch (IllegalArgumentException | StringIndexOutOfBoundsException e) {
            verify(password, DUMMY);
            return false;
        }
    }

    private static byte[] derive(String password, byte[] salt, int memoryKib, int iterations, int lanes, int length) {
        Argon2Parameters params = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(memoryKib)
                .withIterations(iterations)
                .withParallelism(lanes)
                .withSalt(salt)
                .build();
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(params);
        byte[] out = new byte[length];
        generator.generateBytes(password.getBytes(StandardCharsets.UTF_8), out);
        return out;
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }
}
