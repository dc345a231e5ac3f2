package io.isthmus.crm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.isthmus.app.settings.IsthmusSettings;
import io.isthmus.lifecycle.CrmOutcomes;
import io.isthmus.lifecycle.LifecycleEvent;
import io.isthmus.pipeline.AccountAssigner;
import io.isthmus.pipeline.BuyerEvaluator;
import io.isthmus.pipeline.LeadPublisher;
import io.isthmus.store.AuditRepository;
import io.isthmus.store.BuyerRepository;
import io.isthmus.store.CrmLinkRepository;
import io.isthmus.store.CrmLinkRepository.CrmLink;
import io.isthmus.store.Database;
import io.isthmus.store.WatermarkRepository;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes the loop: reads what sales did in Salesforce since the last read (SOQL on SystemModstamp) and turns it into
 * lifecycle events. Lead Status changes (accepted, rejected, disqualified), conversions (the buyer follows the new
 * Contact, Account and Opportunity ids) and Opportunity outcomes (stage, Closed Won with amount and date, Closed
 * Lost). Each page is applied with its cursor in one transaction; a replayed page moves nothing.
 */
public final class SalesforceReadBack {

    private static final Logger LOG = LoggerFactory.getLogger(SalesforceReadBack.class);
    /** SystemModstamp is set at commit; a short overlap catches rows committed just before the last read ended. */
    private static final Duration OVERLAP = Duration.ofMinutes(2);
    private static final DateTimeFormatter SF_DATETIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ");

    private final Database db;
    private final IsthmusSettings.Salesforce settings;
    private final CrmOutcomes outcomes;
    private final BuyerEvaluator evaluator;
    private final LeadPublisher publisher;
    private final Clock clock;
    private final ObjectMapper json = new ObjectMapper();
    private final WatermarkRepository watermarks = new WatermarkRepository();
    private final BuyerRepository buyers = new BuyerRepository();
    private final CrmLinkRepository links = new CrmLinkRepository();

    private final FieldMapping mapping;
    private final AuditRepository audit = new AuditRepository();

    public SalesforceReadBack(Database db, IsthmusSettings.Salesforce settings, CrmOutcomes outcomes,
                              BuyerEvaluator evaluator, LeadPublisher publisher, FieldMapping mapping, Clock clock) {
        this.db = db;
        this.mapping = mapping;
        this.settings = settings;
        this.outcomes = outcomes;
        this.evaluator = evaluator;
        this.publisher = publisher;
        this.clock = clock;
    }

    /** The path of the next query page for {@code target} ("leads", "opportunities" or "accounts"). */
    public String nextPath(String target) {
        ReadBackCursor cursor = cursor(target);
        if (cursor.next() != null) {
            return cursor.next();
        }
        String soql = switch (target) {
            case "leads" -> "SELECT Id, " + Soql.name(settings.externalIdField()) + ", Status, IsConverted, "
                    + "ConvertedContactId, ConvertedAccountId, ConvertedOpportunityId, SystemModstamp"
                    + mapping.leadFieldsToRead().stream().map(f -> ", " + Soql.name(f)).reduce("", String::concat)
                    + " FROM Lead WHERE "
                    + Soql.name(settings.externalIdField()) + " != null" + since(cursor)
                    + " ORDER BY SystemModstamp, Id";
            case "accounts" -> "SELECT Id, Name, Website, SystemModstamp FROM Account"
                    + (cursor.since() == null ? "" : " WHERE" + since(cursor).substring(" AND".length()))
                    + " ORDER BY SystemModstamp, Id";
            case "opportunities" -> "SELECT Id, StageName, IsClosed, IsWon, Amount, CloseDate, CreatedDate, "
                    + "SystemModstamp FROM Opportunity" + (cursor.since() == null ? "" : " WHERE" + since(cursor)
                    .substring(" AND".length())) + " ORDER BY SystemModstamp, Id";
            default -> throw new IllegalArgumentException("unknown read-back target " + target);
        };
        return "/services/data/v" + settings.apiVersion() + "/query?q="
                + URLEncoder.encode(soql, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Applies one query page; true when another page of the same query follows. */
    public boolean applyPage(String target, String body) throws IOException {
        JsonNode root = json.readTree(body);
        if (root == null || !root.path("records").isArray()) {
            throw new IOException("query response has no 'records' array");
        }
        boolean done = root.path("done").asBoolean(true);
        String next = done ? null : root.path("nextRecordsUrl").asText(null);
        Instant now = clock.instant();
        int applied = db.inTransaction(c -> {
            ReadBackCursor cursor = cursor(c, target);
            Set<String> touched = new LinkedHashSet<>();
            for (JsonNode r : root.get("records")) {
                Instant modified = sfTime(r.path("SystemModstamp").asText(null));
                cursor = cursor.seen(modified);
                if (target.equals("accounts")) {
                    touched.addAll(account(c, r, now));
                    continue;
                }
                Optional<String> buyer = target.equals("leads") ? lead(c, r, modified, now, touched)
                        : opportunity(c, r, modified);
                buyer.ifPresent(touched::add);
            }
            for (String b : touched) {
                publisher.publish(c, b, now);
            }
            ReadBackCursor moved = next == null ? cursor.done() : cursor.page(next);
            watermarks.advance(c, source(target), moved.toJson(), root.get("records").size(), now);
            return touched.size();
        });
        if (applied > 0) {
            LOG.info("salesforce read-back {}: {} buyers changed by CRM outcomes", target, applied);
        }
        return next != null;
    }

    /** A CRM Account: linked to the isthmus account it matches, or filed as a new one; the buyers to republish. */
    private java.util.List<String> account(Connection c, JsonNode r, Instant now) throws SQLException {
        AccountAssigner accounts = publisher.accounts();
        return accounts == null ? java.util.List.of()
                : accounts.crmAccount(c, text(r, "Id"), text(r, "Name"), text(r, "Website"), now);
    }

    /** {@code touched}: gets the buyers on the buyer's account when the conversion gave that account its CRM id. */
    private Optional<String> lead(Connection c, JsonNode r, Instant at, Instant now, Set<String> touched)
            throws SQLException {
        String buyerId = r.path(settings.externalIdField()).asText(null);
        if (buyerId == null || buyers.findById(c, buyerId).isEmpty()) {
            return Optional.empty();
        }
        CrmLink before = links.find(c, buyerId).orElse(new CrmLink(buyerId, null, null, null, null, null, false));
        String status = text(r, "Status");
        boolean converted = r.path("IsConverted").asBoolean(false);
        boolean changed = false;
        // Only a change of status is an outcome: our own writes bump SystemModstamp with the status unchanged.
        if (!Objects.equals(status, before.leadStatus()) && status != null) {
            changed |= apply(c, buyerId, outcomes.fromLeadStatus(at, status, status));
        }
        if (converted && !before.converted()) {
            changed |= apply(c, buyerId, outcomes.fromConversion(at, true, text(r, "ConvertedContactId"),
                    text(r, "ConvertedAccountId"), text(r, "ConvertedOpportunityId")));
        }
        CrmLink after = new CrmLink(buyerId, text(r, "Id"), status,
                converted ? text(r, "ConvertedContactId") : before.contactId(),
                converted ? text(r, "ConvertedAccountId") : before.accountId(),
                converted ? text(r, "ConvertedOpportunityId") : before.opportunityId(), converted || before.converted());
        if (!after.equals(before)) {
            links.save(c, after, now);
        }
        if (converted && publisher.accounts() != null) {
            touched.addAll(publisher.accounts().linkConverted(c, buyerId, after.accountId(), now));
        }
        changed |= inbound(c, buyerId, r, now);
        return changed ? Optional.of(buyerId) : Optional.empty();
    }

    /** Stores the Lead's mapped values and takes the inbound ones into the buyer; true when the buyer changed. */
    private boolean inbound(Connection c, String buyerId, JsonNode r, Instant now) throws SQLException {
        java.util.Map<String, String> values = new java.util.LinkedHashMap<>();
        com.fasterxml.jackson.databind.node.ObjectNode stored = json.createObjectNode();
        for (String f : mapping.leadFieldsToRead()) {
            String v = text(r, f);
            values.put(f, v == null || v.isBlank() ? null : v);
            stored.put(f, values.get(f));
        }
        links.saveLeadValues(c, buyerId, stored.toString());
        io.isthmus.buyer.BuyerRecord b = buyers.findById(c, buyerId).orElseThrow();
        io.isthmus.buyer.BuyerRecord taken = mapping.inbound(b, values);
        if (taken.sameValuesAs(b)) {
            return false;
        }
        io.isthmus.buyer.BuyerRecord updated = new io.isthmus.buyer.BuyerRecord(taken.id(), taken.email(),
                taken.emailOriginal(), taken.firstName(), taken.lastName(), taken.company(), taken.phone(),
                taken.jobTitle(), taken.country(), taken.website(), taken.createdAt(), now, b.version() + 1);
        if (!buyers.update(c, updated)) {
            throw new SQLException("buyer " + buyerId + " changed concurrently; the page will be retried");
        }
        audit.record(c, buyerId, AuditRepository.Event.UPDATED, "salesforce", "fields taken from the Lead by the "
                + "mapping's precedence", now);
        return true;
    }

    private Optional<String> opportunity(Connection c, JsonNode r, Instant at) throws SQLException {
        String id = text(r, "Id");
        Optional<String> buyer = id == null ? Optional.empty() : links.buyerForOpportunity(c, id);
        if (buyer.isEmpty()) {
            return Optional.empty();
        }
        BigDecimal amount = r.path("Amount").isNumber() ? r.get("Amount").decimalValue() : null;
        LocalDate close = text(r, "CloseDate") == null ? null : LocalDate.parse(text(r, "CloseDate"));
        CrmLinkRepository.Opportunity now = new CrmLinkRepository.Opportunity(id, buyer.get(), text(r, "StageName"),
                r.path("IsClosed").asBoolean(false), r.path("IsWon").asBoolean(false), amount, close,
                sfTime(text(r, "CreatedDate")), at);
        Optional<CrmLinkRepository.Opportunity> before = links.findOpportunity(c, id);
        boolean changed = before.isEmpty() || !Objects.equals(before.get().stageName(), now.stageName())
                || before.get().closed() != now.closed() || before.get().won() != now.won();
        links.saveOpportunity(c, now);
        if (!changed) {
            return Optional.empty();
        }
        apply(c, buyer.get(), Optional.of(outcomes.fromOpportunity(at, id, now.stageName(), now.closed(), now.won(),
                amount, close, null)));
        return buyer;
    }

    private boolean apply(Connection c, String buyerId, Optional<? extends LifecycleEvent> event) throws SQLException {
        return event.isPresent() && !evaluator.apply(c, buyerId, event.get()).isEmpty();
    }

    private ReadBackCursor cursor(String target) {
        return db.inTransaction(c -> cursor(c, target));
    }

    private ReadBackCursor cursor(Connection c, String target) throws SQLException {
        return watermarks.find(c, source(target)).map(w -> ReadBackCursor.fromJson(w.cursor()))
                .orElse(ReadBackCursor.INITIAL);
    }

    private static String since(ReadBackCursor cursor) {
        return cursor.since() == null ? "" : " AND SystemModstamp >= " + Soql.datetime(cursor.since().minus(OVERLAP));
    }

    private static String source(String target) {
        return "salesforce-" + target;
    }

    private static String text(JsonNode r, String field) {
        JsonNode v = r.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    /** Salesforce writes datetimes as {@code 2024-05-01T10:00:01.000+0000}. */
    static Instant sfTime(String text) {
        if (text == null) {
            return null;
        }
        return OffsetDateTime.parse(text, SF_DATETIME).toInstant();
    }
}
