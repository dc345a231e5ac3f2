package io.isthmus.app.config;

import java.util.List;
import java.util.stream.Collectors;

/** Thrown when configuration is refused; carries every problem found, not only the first. */
public final class ConfigException extends RuntimeException {

    private final transient List<ConfigProblem> problems;

    public ConfigException(List<ConfigProblem> problems) {
        super(problems.size() + " configuration problem(s):\n  "
                + problems.stream().map(ConfigProblem::toString).collect(Collectors.joining("\n  ")));
        this.problems = List.copyOf(problems);
    }

    public static ConfigException of(String file, String path, String message) {
        return new ConfigException(List.of(new ConfigProblem(file, 0, 0, path, message)));
    }

    public List<ConfigProblem> problems() {
        return problems;
    }
}
