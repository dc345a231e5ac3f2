package io.isthmus.attribution.funnel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.isthmus.app.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CostTableTest {

    @Test
    void load_noFile_hasNoCosts() {
        assertThat(CostTable.load(null)).isEqualTo(CostTable.NONE);
        assertThat(CostTable.load(Path.of("does-not-exist.yaml"))).isEqualTo(CostTable.NONE);
    }

    @Test
    void load_shippedFile_hasNoCostsAndNoProblems() {
        assertThat(CostTable.load(Path.of("config/costs.yaml"))).isEqualTo(CostTable.NONE);
    }

    @Test
    void load_validFile_readsCostsPerChannelAndCampaign(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("costs.yaml");
        Files.writeString(file, "channels:\n  Paid Search: 12_000\ncampaigns:\n  spring-launch: 4500.50\n");
        CostTable c = CostTable.load(file);
        assertThat(c.byChannel().get("Paid Search")).isEqualByComparingTo("12000");
        assertThat(c.byCampaign().get("spring-launch")).isEqualByComparingTo("4500.50");
    }

    @Test
    void load_badValues_reportsEachWithLineAndColumn(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("costs.yaml");
        Files.writeString(file, "channels:\n  Email: -5\n  Display: cheap\nbudgets: {}\n");
        assertThatThrownBy(() -> CostTable.load(file)).isInstanceOfSatisfying(ConfigException.class,
                e -> assertThat(e.problems()).extracting(Object::toString).containsExactly(
                        file + ":4:10 budgets: unknown key 'budgets', expected one of channels, campaigns",
                        file + ":2:10 channels.Email: is -5, expected a cost of 0 or more",
                        file + ":3:12 channels.Display: 'cheap' is not a number, expected a cost such as 4500.50"));
    }
}
