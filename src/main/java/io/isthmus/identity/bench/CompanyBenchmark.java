package io.isthmus.identity.bench;

import io.isthmus.buyer.normalize.CompanyNormalizer;
import io.isthmus.identity.CompanyNameIndex;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * DNB company names: the 500 originals are the reference; each corrupted name (same row index) is linked to its
 * most similar blocked original when the similarity reaches the configured minimum.
 */
final class CompanyBenchmark {

    private CompanyBenchmark() {
    }

    static List<String> names(Path file) throws IOException {
        List<String> out = new ArrayList<>();
        StringBuilder pending = new StringBuilder();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (String line : lines.subList(1, lines.size())) {
            // A corrupted name may hold a line break inside quotes: join until the quotes balance.
            pending.append(pending.length() > 0 ? "\n" : "").append(line);
            if (pending.chars().filter(c -> c == '"').count() % 2 != 0) {
                continue;
            }
            List<String> f = Csv.split(pending.toString());
            pending.setLength(0);
            out.add(f.get(1));
        }
        return out;
    }

    static LinkMetrics run(List<String> originals, List<String> corrupted, double minSimilarity, int maxPerKey) {
        CompanyNameIndex index = new CompanyNameIndex(new CompanyNormalizer(), maxPerKey);
        for (int i = 0; i < originals.size(); i++) {
            index.add(Integer.toString(i), originals.get(i));
        }
        long correct = 0;
        long wrong = 0;
        long unlinked = 0;
        long blockedTrue = 0;
        long compared = 0;
        int n = Math.min(originals.size(), corrupted.size());
        for (int i = 0; i < n; i++) {
            String truth = Integer.toString(i);
            // One lookup, as the account matcher makes: the candidates it returns are what blocking recall counts.
            CompanyNameIndex.Lookup lookup = index.lookup(corrupted.get(i));
            List<String> cands = lookup.candidateIds();
            compared += cands.size();
            if (cands.contains(truth)) {
                blockedTrue++;
            }
            Optional<CompanyNameIndex.Hit> hit = lookup.best().filter(h -> h.similarity() >= minSimilarity);
            if (hit.isEmpty()) {
                unlinked++;
            } else if (hit.get().id().equals(truth)) {
                correct++;
            } else {
                wrong++;
            }
        }
        return new LinkMetrics(n, correct, wrong, unlinked, blockedTrue, compared, originals.size());
    }
}
