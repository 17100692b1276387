package org.yizhan.http;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A client known only by a key: an HMAC of its address under a random salt that is replaced when the
 * UTC day changes (and at every start), so that a key cannot be turned back into an address and means
 * nothing the next day. Keys stay in memory; nothing here is written to the database or the log.
 * Thread-safe.
 */
public final class ClientKeys {
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private LocalDate saltDay;
    private Mac mac;

    public ClientKeys(Clock clock) {
        this.clock = clock;
    }

    /** The key of a client address (IPv4 or IPv6 text) for today; the address goes no further. */
    public synchronized String key(String address) {
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        if (!today.equals(saltDay)) {
            byte[] salt = new byte[32];
            random.nextBytes(salt);
            try {
                mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(salt, "HmacSHA256"));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
            }
            saltDay = today;
        }
        byte[] h = mac.doFinal(String.valueOf(address).getBytes(StandardCharsets.UTF_8));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(h).substring(0, 22);
    }
}
