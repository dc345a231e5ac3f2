package io.isthmus.ops;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.isthmus.app.settings.Secret;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The one check every admin endpoint makes: {@code Authorization: Bearer <isthmus.admin.token>}, compared in constant
 * time; with no token configured every request is refused. Also the endpoints' shared answers (a status and a JSON
 * body) and their reading of a {@code limit} parameter.
 */
public final class AdminGuard {

    /** The HTTP answer of an admin endpoint: status code and JSON body. */
    public record Reply(int status, String json) {
    }

    private final Secret token;

    public AdminGuard(Secret token) {
        this.token = token;
    }

    /** The refusal for this request, or null when it carries the token. */
    public Reply refuse(String authorization) {
        if (token == null || token.isEmpty()) {
            return error(403, "admin endpoints are disabled: set ISTHMUS_ADMIN_TOKEN");
        }
        String expected = "Bearer " + token.reveal();
        String given = authorization == null ? "" : authorization;
        // Constant-time comparison: the answer time does not tell how much of a guessed token was right.
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8))) {
            return error(401, "a bearer token is required");
        }
        return null;
    }

    public static Reply error(int status, String message) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("error", message);
        return new Reply(status, o.toString());
    }

    /** A list size from 1 to 1000 (100 when not given); null when the text is not a whole number. */
    public static Integer limit(String text) {
        try {
            return text == null || text.isBlank() ? 100 : Math.max(1, Math.min(1000, Integer.parseInt(text.trim())));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
