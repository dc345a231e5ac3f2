package io.isthmus.identity;

import java.util.Arrays;

/** A record in the match form of one profile: cleaned values in the profile's field order (null = missing). */
public final class PreparedRecord {

    private final String id;
    private final String[] values;

    PreparedRecord(String id, String[] values) {
        this.id = id;
        this.values = values.clone();
    }

    public String id() {
        return id;
    }

    public String value(int field) {
        return values[field];
    }

    public int size() {
        return values.length;
    }

    @Override
    public String toString() {
        return id + Arrays.toString(values);
    }
}
