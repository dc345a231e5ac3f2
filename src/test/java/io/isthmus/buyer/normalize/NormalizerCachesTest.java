package io.isthmus.buyer.normalize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The caches in front of the title rule table and libphonenumber: the same answer as without them, work done once per
 * distinct input, and never more entries than their bound however many distinct inputs pass.
 */
class NormalizerCachesTest {

    @Test
    void boundedCache_computesOncePerKey_andDropsTheLeastRecentlyUsedBeyondItsCapacity() {
        BoundedCache<String, String> cache = new BoundedCache<>(3);
        AtomicInteger computed = new AtomicInteger();
        java.util.function.Function<String, String> upper = k -> {
            computed.incrementAndGet();
            return k.toUpperCase(java.util.Locale.ROOT);
        };
        assertThat(cache.get("a", upper)).isEqualTo("A");
        assertThat(cache.get("a", upper)).isEqualTo("A");
        assertThat(computed).hasValue(1);

        cache.get("b", upper);
        cache.get("c", upper);
        cache.get("a", upper); // a is now the most recently used: b is the eldest
        cache.get("d", upper);
        assertThat(cache.size()).isEqualTo(3);
        assertThat(computed).hasValue(4);
        cache.get("a", upper);
        assertThat(computed).as("a stayed").hasValue(4);
        cache.get("b", upper);
        assertThat(computed).as("b was dropped and computed again").hasValue(5);
    }

    @Test
    void boundedCache_withoutRoom_isRefused() {
        assertThatThrownBy(() -> new BoundedCache<String, String>(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void titles_classifiedThroughTheCache_answerAsTheRuleTableDoes_andTheCacheStaysWithinItsBound() {
        TitleClassifier cached = TitleClassifier.defaults();
        List<String> titles = List.of("VP Marketing", "Sr. V.P., Marketing", "Chief Revenue Officer",
                "Head of Demand Gen", "Marketing Manager", "software engineer", "Geschäftsführer", "Intern", "Barista",
                "  Director   of IT ");
        for (int round = 0; round < 3; round++) {
            for (String t : titles) {
                // A fresh classifier has nothing cached: it answers from the table itself.
                assertThat(cached.classify(t)).as(t).isEqualTo(TitleClassifier.defaults().classify(t));
            }
        }
        assertThat(cached.cachedTitles()).isEqualTo(titles.size());

        for (int i = 0; i < TitleClassifier.CACHED_TITLES + 500; i++) {
            cached.classify("Director " + i);
        }
        assertThat(cached.cachedTitles()).isEqualTo(TitleClassifier.CACHED_TITLES);
        assertThat(cached.classify("VP Marketing")).isEqualTo(new TitleClass("vp", "marketing"));
    }

    @Test
    void phones_parsedThroughTheCache_answerAsLibphonenumberDoes_perRegion_andTheCacheStaysWithinItsBound() {
        PhoneNormalizer us = new PhoneNormalizer("US");
        PhoneNormalizer de = new PhoneNormalizer("DE");
        List<String> raw = List.of("(415) 555-2671", "030 1234567", "0049 30 1234567", "+44 20 7946 0958", "12",
                "call me");
        for (int round = 0; round < 2; round++) {
            for (String r : raw) {
                assertThat(us.normalize(r)).as(r).isEqualTo(new PhoneNormalizer("US").normalize(r));
                assertThat(de.normalize(r)).as(r).isEqualTo(new PhoneNormalizer("DE").normalize(r));
            }
        }
        // The same national number means another one in each region: each normalizer keeps its own answers.
        assertThat(us.normalize("030 1234567").e164()).isNull();
        assertThat(de.normalize("030 1234567").e164()).isEqualTo("+49301234567");
        assertThat(us.cachedNumbers()).isEqualTo(raw.size());

        List<String> many = new ArrayList<>();
        for (int i = 0; i < PhoneNormalizer.CACHED_NUMBERS + 1000; i++) {
            many.add("+1 415 " + (2000000 + i));
        }
        many.forEach(us::normalize);
        assertThat(us.cachedNumbers()).isEqualTo(PhoneNormalizer.CACHED_NUMBERS);
        assertThat(us.normalize("(415) 555-2671").e164()).isEqualTo("+14155552671");
    }
}
