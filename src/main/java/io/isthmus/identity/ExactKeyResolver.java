package io.isthmus.identity;

import io.isthmus.buyer.BuyerRecord;
import io.isthmus.buyer.NormalizedContact;
import io.isthmus.store.BuyerRepository;
import io.isthmus.store.SourceLinkRepository;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;

/**
 * Finds the buyer a contact belongs to by exact keys, strongest first: the source identity link, then the
 * normalized email. Nothing found means a new buyer.
 */
public final class ExactKeyResolver {

    /** How the buyer was found. */
    public enum Key { SOURCE_LINK, EMAIL, NONE }

    /** @param buyer empty when {@code key} is NONE */
    public record Resolution(Key key, Optional<BuyerRecord> buyer) {
    }

    private final BuyerRepository buyers;
    private final SourceLinkRepository links;

    public ExactKeyResolver(BuyerRepository buyers, SourceLinkRepository links) {
        this.buyers = buyers;
        this.links = links;
    }

    public Resolution resolve(Connection c, NormalizedContact contact) throws SQLException {
        Optional<String> linked = links.buyerFor(c, contact.system(), contact.sourceId());
        if (linked.isPresent()) {
            Optional<BuyerRecord> b = buyers.findById(c, linked.get());
            if (b.isPresent()) {
                return new Resolution(Key.SOURCE_LINK, b);
            }
        }
        if (contact.email() != null) {
            Optional<BuyerRecord> b = buyers.findByEmail(c, contact.email());
            if (b.isPresent()) {
                return new Resolution(Key.EMAIL, b);
            }
        }
        return new Resolution(Key.NONE, Optional.empty());
    }
}
