package io.isthmus.identity.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A labelled deduplication set: records as field maps, in file order, with their true cluster. */
record LabelledSet(String name, String profile, List<String> ids, List<Map<String, String>> rows,
                   Map<String, String> clusterOf) {

    /** Febrl: header, ", "-separated fields, rec_id {@code rec-N-org} or {@code rec-N-dup-k} (cluster N). */
    static LabelledSet febrl(String name, Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        String[] header = trimAll(lines.get(0).split(","));
        List<String> ids = new ArrayList<>();
        List<Map<String, String>> rows = new ArrayList<>();
        Map<String, String> cluster = new HashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = trimAll(line.split(",", -1));
            Map<String, String> row = new LinkedHashMap<>();
            for (int i = 1; i < header.length && i < f.length; i++) {
                row.put(header[i], f[i].isEmpty() ? null : f[i]);
            }
            String id = f[0];
            ids.add(id);
            rows.add(row);
            cluster.put(id, id.split("-")[1]);
        }
        return new LabelledSet(name, "person", ids, rows, cluster);
    }

    /** Splink demo contacts: unique_id, first_name, surname, dob, city, email, cluster. */
    static LabelledSet splink(String name, Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        List<String> header = Csv.split(lines.get(0));
        List<String> ids = new ArrayList<>();
        List<Map<String, String>> rows = new ArrayList<>();
        Map<String, String> cluster = new HashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            List<String> f = Csv.split(line);
            Map<String, String> row = new HashMap<>();
            for (int i = 0; i < header.size(); i++) {
                row.put(header.get(i), f.get(i).isEmpty() ? null : f.get(i));
            }
            // The contact profile calls the family name last_name, as the buyer record does.
            row.put("last_name", row.remove("surname"));
            String id = row.get("unique_id");
            ids.add(id);
            rows.add(row);
            cluster.put(id, row.get("cluster"));
        }
        return new LabelledSet(name, "contact", ids, rows, cluster);
    }

    private static String[] trimAll(String[] a) {
        for (int i = 0; i < a.length; i++) {
            a[i] = a[i].strip();
        }
        return a;
    }
}
