package io.isthmus.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

/** The buyer's consent as last reported: unsubscribed from marketing email, address hard-bounced. */
public final class ConsentRepository {

    public record Consent(boolean unsubscribed, boolean hardBounced) {
        public static final Consent NONE = new Consent(false, false);
    }

    public Consent find(Connection c, String buyerId) throws SQLException {
        Optional<Consent> found = Sql.one(c, "SELECT unsubscribed, hard_bounced FROM buyer_consent WHERE buyer_id = ?",
                rs -> new Consent(rs.getBoolean(1), rs.getBoolean(2)), buyerId);
        return found.orElse(Consent.NONE);
    }

    /** Forgets the buyer's consent row: no report means subscribed and deliverable, as {@link Consent#NONE}. */
    public void clear(Connection c, String buyerId) throws SQLException {
        Sql.update(c, "DELETE FROM buyer_consent WHERE buyer_id = ?", buyerId);
    }

    public void save(Connection c, String buyerId, Consent consent, Instant now) throws SQLException {
        int n = Sql.update(c, "UPDATE buyer_consent SET unsubscribed = ?, hard_bounced = ?, updated_at = ? "
                + "WHERE buyer_id = ?", consent.unsubscribed(), consent.hardBounced(), now, buyerId);
        if (n == 0) {
            Sql.update(c, "INSERT INTO buyer_consent (buyer_id, unsubscribed, hard_bounced, updated_at) "
                    + "VALUES (?,?,?,?)", buyerId, consent.unsubscribed(), consent.hardBounced(), now);
        }
    }
}
