package io.isthmus.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class PrefetchTest {

    private final List<HttpCall> sent = new ArrayList<>();
    private final List<CompletableFuture<SourceAnswer>> answers = new ArrayList<>();
    private final int[] dropped = {0};
    private final Prefetch prefetch = new Prefetch("test", (source, call) -> {
        sent.add(call);
        CompletableFuture<SourceAnswer> f = new CompletableFuture<>();
        answers.add(f);
        return f;
    }, () -> dropped[0]++);

    private static HttpCall page(String after) {
        return HttpCall.get("contacts", "https://api.example.com/contacts?after=" + after, "Bearer t");
    }

    @Test
    void take_ofTheCallSentAhead_returnsItsAnswer_once() {
        prefetch.start(page("2"));
        answers.get(0).complete(SourceAnswer.of(200, "{\"page\":2}", null));

        assertThat(prefetch.take(page("2"))).isEqualTo(SourceAnswer.of(200, "{\"page\":2}", null));
        assertThat(prefetch.take(page("2"))).as("taken once").isNull();
        assertThat(dropped[0]).as("a used answer is counted by the poll, not as dropped").isZero();
    }

    @Test
    void take_ofAnotherCall_dropsTheAnswerAhead_andReturnsNull() {
        prefetch.start(page("2"));

        assertThat(prefetch.take(page("3"))).isNull();
        assertThat(answers.get(0)).isCancelled();
        assertThat(prefetch.pending()).isFalse();
        assertThat(dropped[0]).as("the dropped call reached the vendor: counted").isEqualTo(1);
    }

    @Test
    void sameUrlWithOtherCredentials_isAnotherCall() {
        prefetch.start(page("2"));

        assertThat(prefetch.take(HttpCall.get("contacts", "https://api.example.com/contacts?after=2",
                "Bearer refreshed"))).isNull();
    }

    @Test
    void ioFailureAhead_isHandedOnAsNoAnswer_otherFailuresLetTheCallerSendAgain() {
        prefetch.start(page("2"));
        answers.get(0).complete(SourceAnswer.noAnswer("Connection refused"));
        assertThat(prefetch.take(page("2")).failure()).isEqualTo("Connection refused");

        prefetch.start(page("3"));
        answers.get(1).completeExceptionally(new IllegalStateException("no status"));
        assertThat(prefetch.take(page("3"))).isNull();
    }

    @Test
    void aCallWithAWait_isNotSentAhead_norIsAnythingWithoutAFetcher() {
        prefetch.start(page("2").after(1000));
        assertThat(sent).isEmpty();

        Prefetch off = new Prefetch("test", null);
        off.start(page("2"));
        assertThat(off.enabled()).isFalse();
        assertThat(off.take(page("2"))).isNull();
    }

    @Test
    void discard_dropsTheCallAhead() {
        prefetch.start(page("2"));
        prefetch.discard();

        assertThat(answers.get(0)).isCancelled();
        assertThat(prefetch.take(page("2"))).isNull();
        assertThat(dropped[0]).isEqualTo(1);
        prefetch.discard();
        assertThat(dropped[0]).as("nothing ahead: nothing more counted").isEqualTo(1);
    }

    @Test
    void startingAnother_dropsTheOneBefore() {
        prefetch.start(page("2"));
        prefetch.start(page("3"));

        assertThat(answers.get(0)).isCancelled();
        answers.get(1).complete(SourceAnswer.of(200, "{}", null));
        assertThat(prefetch.take(page("3"))).isNotNull();
    }
}
