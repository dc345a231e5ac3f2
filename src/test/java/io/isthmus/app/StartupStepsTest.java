package io.isthmus.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.isthmus.app.config.ConfigException;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The start-up step timer: forked steps run at once in their own threads, and their failures come back as thrown. */
class StartupStepsTest {

    @Test
    void fork_runsStepsAtOnceInTheirOwnThreads_andJoinReturnsTheirResults() {
        StartupSteps steps = new StartupSteps(System.currentTimeMillis());
        CountDownLatch bothRunning = new CountDownLatch(2);
        // Each step waits for the other to have begun: they can only both finish if they run at the same time.
        Future<String> a = steps.fork("a", () -> meet(bothRunning, "A"));
        Future<String> b = steps.fork("b", () -> meet(bothRunning, "B"));

        assertThat(StartupSteps.join(a) + StartupSteps.join(b)).isEqualTo("AB");
        assertThat(steps.steps()).extracting(StartupSteps.Step::thread)
                .containsExactlyInAnyOrder("isthmus-start-a", "isthmus-start-b");
        assertThat(steps.summary()).contains("a ", "b ");
    }

    @Test
    void join_rethrowsAConfigExceptionAsItself_andJoinAllWaitsForEveryStep() {
        StartupSteps steps = new StartupSteps(System.currentTimeMillis());
        Future<Void> refused = steps.fork("model", () -> {
            throw ConfigException.of("scoring.yaml", "rules", "is required");
        });
        CountDownLatch slow = new CountDownLatch(1);
        Future<Void> other = steps.fork("migrate", () -> {
            slow.await(5, TimeUnit.SECONDS);
            return null;
        });
        slow.countDown();

        assertThatThrownBy(() -> StartupSteps.joinAll(List.of(refused, other))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("scoring.yaml");
        assertThat(other.isDone()).isTrue();
        assertThat(steps.steps()).extracting(StartupSteps.Step::name).containsExactlyInAnyOrder("model", "migrate");
    }

    private static String meet(CountDownLatch both, String result) throws InterruptedException {
        both.countDown();
        if (!both.await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the other step never ran alongside");
        }
        return result;
    }
}
