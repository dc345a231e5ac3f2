package io.isthmus.attribution;

import io.isthmus.app.config.ConfigException;
import io.isthmus.app.config.ConfigProblem;
import io.isthmus.app.config.Problems;
import io.isthmus.app.config.YamlFile;
import io.isthmus.app.config.YamlNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads an operator's YAML file over a default resource: a key the operator leaves out keeps the default, and
 * every problem names the file that holds the faulty value.
 */
final class ConfigFiles {

    private ConfigFiles() {
    }

    /** The default document shipped in the jar; a broken resource is a build error, reported like any other. */
    static YamlNode resource(String resource, Problems problems) {
        try (InputStream in = ConfigFiles.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new ConfigException(List.of(new ConfigProblem("classpath:" + resource, 0, 0, "",
                        "default resource is missing from the jar")));
            }
            return YamlFile.parse("classpath:" + resource, new String(in.readAllBytes(), StandardCharsets.UTF_8),
                    problems);
        } catch (IOException e) {
            throw new ConfigException(List.of(new ConfigProblem("classpath:" + resource, 0, 0, "",
                    "cannot read the default resource (" + e.getMessage() + ")")));
        }
    }

    /** The operator's file, or an empty document when {@code file} is null or does not exist (defaults apply). */
    static YamlNode optionalFile(Path file, Problems problems) {
        if (file == null || !Files.exists(file)) {
            return YamlFile.parse(file == null ? "<none>" : file.toString(), "", problems);
        }
        return YamlFile.load(file, problems);
    }

    /** The value under {@code key} in {@code user}, or in {@code defaults} when the operator left it out. */
    static YamlNode pick(YamlNode user, YamlNode defaults, String key) {
        YamlNode own = user.get(key);
        return own.isMissing() ? defaults.get(key) : own;
    }
}
