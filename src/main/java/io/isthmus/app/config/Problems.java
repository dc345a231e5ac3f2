package io.isthmus.app.config;

import java.util.ArrayList;
import java.util.List;

/** Collects configuration problems so validation can report all of them at once. Not thread-safe. */
public final class Problems {

    private final List<ConfigProblem> list = new ArrayList<>();

    public void add(ConfigProblem problem) {
        list.add(problem);
    }

    public void addAll(List<ConfigProblem> problems) {
        list.addAll(problems);
    }

    public boolean isEmpty() {
        return list.isEmpty();
    }

    public List<ConfigProblem> list() {
        return List.copyOf(list);
    }

    /** Refuses the configuration when anything was found. */
    public void throwIfAny() {
        if (!list.isEmpty()) {
            throw new ConfigException(list);
        }
    }
}
