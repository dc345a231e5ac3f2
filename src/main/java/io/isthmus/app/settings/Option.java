package io.isthmus.app.settings;

import java.util.function.Function;

/**
 * One IT setting, declared once: its key, what it means, its default and how its text becomes a value.
 * The parser throws {@link IllegalArgumentException} with what is expected when the text is malformed.
 *
 * @param defaultText the default as it would be written in the file; null when the setting has none
 * @param secret      the value must come from the environment or a secret file and is never printed
 */
public record Option<T>(String key, String description, String defaultText, boolean secret,
                        Function<String, T> parser) {

    public Option {
        if (description == null || description.isBlank()) {
            throw new IllegalArgumentException("option " + key + " has no description");
        }
    }

    /** The environment variable that overrides this setting: {@code isthmus.store.url} → {@code ISTHMUS_STORE_URL}. */
    public String envName() {
        return key.toUpperCase(java.util.Locale.ROOT).replace('.', '_').replace('-', '_');
    }
}
