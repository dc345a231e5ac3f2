package io.isthmus.app;

import io.isthmus.app.settings.IsthmusSettings;
import io.isthmus.app.settings.SettingsLoader;
import io.isthmus.attribution.funnel.FunnelReport;
import io.isthmus.attribution.funnel.ReportTables;
import io.isthmus.ops.FunnelReporter;
import io.isthmus.store.Database;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Map;

/**
 * The {@code report} verb: funnel conversion, time in stage, the nurture period by month, and pipeline and revenue
 * by channel and campaign under every attribution model, from the store. Prints readable tables and writes one CSV
 * per table plus report.json. Needs only the store: source and CRM credentials are not required.
 */
final class ReportCommand {

    private ReportCommand() {
    }

    /** Settings for verbs that read the store only: source and CRM credentials are not needed. */
    static IsthmusSettings storeOnly(Path config) {
        return new SettingsLoader(System.getenv()).load(config,
                Map.of("isthmus.hubspot.enabled", "false", "isthmus.salesforce.enabled", "false"));
    }

    static int run(Path config, Path outDir, ZoneId zone, PrintStream out) {
        IsthmusSettings settings = storeOnly(config);
        BuyerModel model = BuyerModel.load(settings.modelDir());
        try (Database db = Database.open(settings.store())) {
            FunnelReport report = new FunnelReporter(db, model, zone, null).compute();
            out.print(ReportTables.text(report.tables()));
            ReportTables.write(report.tables(), outDir);
            out.println();
            out.println("written: " + outDir.toAbsolutePath() + " (one CSV per table, report.json)");
        }
        return Isthmus.OK;
    }
}
