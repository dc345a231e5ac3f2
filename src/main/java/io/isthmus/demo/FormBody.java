package io.isthmus.demo;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** Reads an application/x-www-form-urlencoded body. */
final class FormBody {

    private FormBody() {
    }

    static Map<String, String> parse(String body) {
        Map<String, String> out = new HashMap<>();
        if (body == null) {
            return out;
        }
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return out;
    }
}
