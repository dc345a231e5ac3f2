package io.isthmus.pipeline;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.UUID;

/**
 * New buyer ids: UUIDs of version 7 (RFC 9562), the creation time in milliseconds followed by 74 random bits. They are
 * as unique as random UUIDs and look the same in the store and the CRM, but they sort by creation time, so the buyer
 * id indexes (buyer, its score, links, audit, score and stage history, the outbox by record) receive a page's new
 * rows at their end instead of at 200 random places each: a page's commit writes a few index pages per table where
 * random ids made it write one per new row, and that share grows with the store.
 */
final class BuyerIds {

    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    BuyerIds(Clock clock) {
        this.clock = clock;
    }

    String next() {
        return of(clock.millis(), random.nextLong(), random.nextLong()).toString();
    }

    /** The version 7 UUID of {@code millis} with its random bits taken from {@code a} (12) and {@code b} (62). */
    static UUID of(long millis, long a, long b) {
        long high = (millis & 0xFFFF_FFFF_FFFFL) << 16 | 0x7000L | (a & 0x0FFFL);
        long low = b & 0x3FFF_FFFF_FFFF_FFFFL | 0x8000_0000_0000_0000L;
        return new UUID(high, low);
    }
}
