package io.isthmus.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.isthmus.scoring.Score;
import io.isthmus.buyer.normalize.BoundedCache;
import io.isthmus.scoring.ScoreChange;
import io.isthmus.scoring.ScoreContribution;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** Current scores and every change with its explanation (rule, activity, points). */
public final class ScoreRepository {

    private static final String CHANGE = "INSERT INTO score_change (buyer_id, fit, engagement, total, summary, "
            + "explanation, at) VALUES (?,?,?,?,?,?,?)";

    /** Explanations without activities told apart: one per combination of attribute rules that matched. */
    static final int CACHED_EXPLANATIONS = 1024;

    private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule());
    private final BoundedCache<List<ScoreContribution>, String> attributeOnly =
            new BoundedCache<>(CACHED_EXPLANATIONS);

    /** How many explanations are kept written now (never more than {@link #CACHED_EXPLANATIONS}). */
    int cachedExplanations() {
        return attributeOnly.size();
    }

    private String explanation(List<ScoreContribution> grouped) {
        try {
            return json.writeValueAsString(grouped);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("score contributions always serialize", e);
        }
    }

    public record Current(Score score, String summary) {
    }

    public Optional<Current> find(Connection c, String buyerId) throws SQLException {
        return Sql.one(c, "SELECT fit, engagement, total, summary FROM buyer_score WHERE buyer_id = ?",
                rs -> new Current(new Score(rs.getInt(1), rs.getInt(2), rs.getInt(3)), rs.getString(4)), buyerId);
    }

    public void save(Connection c, String buyerId, ScoreChange change) throws SQLException {
        Score s = change.current();
        String summary = Sql.fit(change.summary(), 1000);
        int n = Sql.update(c, "UPDATE buyer_score SET fit = ?, engagement = ?, total = ?, summary = ?, scored_at = ? "
                + "WHERE buyer_id = ?", s.fit(), s.engagement(), s.total(), summary, change.at(), buyerId);
        if (n == 0) {
            Sql.update(c, "INSERT INTO buyer_score (buyer_id, fit, engagement, total, summary, scored_at) "
                    + "VALUES (?,?,?,?,?,?)", buyerId, s.fit(), s.engagement(), s.total(), summary, change.at());
        }
        Sql.update(c, CHANGE, changeArgs(buyerId, change));
    }

    /** Queues the first score of a buyer that has none yet (created in the caller's transaction). */
    public void insertFirst(Batch batch, String buyerId, ScoreChange change) {
        Score s = change.current();
        batch.add("INSERT INTO buyer_score (buyer_id, fit, engagement, total, summary, scored_at) "
                + "VALUES (?,?,?,?,?,?)", buyerId, s.fit(), s.engagement(), s.total(), Sql.fit(change.summary(), 1000),
                change.at());
        batch.add(CHANGE, changeArgs(buyerId, change));
    }

    private Object[] changeArgs(String buyerId, ScoreChange change) {
        Score s = change.current();
        List<ScoreContribution> grouped = change.grouped();
        // Most buyers' explanations name only attribute rules (title, country, …): few distinct ones, written once.
        String explanation = grouped.stream().allMatch(g -> g.activityRef() == null && g.activityAt() == null)
                ? attributeOnly.get(grouped, this::explanation) : explanation(grouped);
        return new Object[] {buyerId, s.fit(), s.engagement(), s.total(), Sql.fit(change.summary(), 1000),
                explanation, change.at()};
    }
}
