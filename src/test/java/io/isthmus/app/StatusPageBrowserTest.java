package io.isthmus.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The status page as a person sees it: the real daemon after a poll and a drain against the fixtures, rendered by
 * Debian's headless Chromium. The DOM must hold the main elements, and the screenshot must be a 1280×1600 PNG whose
 * main regions have content and whose coarse colour layout matches the stored reference
 * ({@code src/test/resources/status-page/reference.png}) within a tolerance: a broken layout, a blank page or a
 * missing section fails, a changed timestamp does not.
 *
 * <p>Chromium comes from {@code .ci/chromium.sh}. Without it the test is skipped on a developer's machine and fails
 * under CI (CI=true), so a missing install step cannot pass silently. {@code -Dstatuspage.updateReference=true}
 * rewrites the reference after an intended change of the page; look at it before committing it.
 */
class StatusPageBrowserTest {

    static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("ISTHMUS_CHROMIUM", "/usr/bin/chromium"));
    static final int WIDTH = 1280;
    static final int HEIGHT = 1600;
    static final Path REFERENCE = Path.of("src/test/resources/status-page/reference.png");
    /** Where the last screenshot is kept for a person to look at. */
    static final Path LAST = Path.of("target/status-page/status.png");
    /** Coarse grid of the colour comparison: cells of 80×100 px. */
    static final int CELL_W = 80;
    static final int CELL_H = 100;
    /** Largest difference of a cell's mean colour from the reference, per channel (0–255). */
    static final double TOLERANCE = 20;

    @TempDir
    Path dir;

    @BeforeEach
    void chromiumPresent() {
        boolean present = Files.isExecutable(CHROMIUM);
        if (!present && "true".equalsIgnoreCase(System.getenv("CI"))) {
            fail(CHROMIUM + " is missing under CI: .ci/run must call .ci/chromium.sh before the tests");
        }
        Assumptions.assumeTrue(present, "skipped: " + CHROMIUM + " is not installed; run `sudo bash .ci/chromium.sh` "
                + "(Debian's chromium) to run the status page browser test");
    }

    @Test
    void statusPage_inHeadlessChromium_showsMainElements_andScreenshotMatchesReferenceLayout() throws Exception {
        int port = freePort();
        try (DaemonHarness h = new DaemonHarness(dir.resolve("store"))) {
            h.start(Map.of("isthmus.admin.port", Integer.toString(port)));
            h.poll();
            h.drain();
            String url = "http://127.0.0.1:" + port + "/status";

            String dom = chromium(dir.resolve("profile-dom"), "--dump-dom", url);
            assertThat(dom).contains("<h1>isthmus status</h1>");
            assertThat(section(dom, "table", "sources")).contains("<tr data-source=\"hubspot-contacts\">");
            assertThat(card(dom, "outbox-depth")).contains("<p class=\"value\">0</p>");
            assertThat(card(dom, "outbox-sent")).contains("<p class=\"value\">2</p>");
            assertThat(section(dom, "table", "dead-letters")).contains("REQUIRED_FIELD_MISSING");
            assertThat(card(dom, "api-budget")).contains("19 / 15000");
            assertThat(section(dom, "table", "funnel")).contains("<tr data-stage=");

            Path png = dir.resolve("status.png");
            chromium(dir.resolve("profile-shot"), "--screenshot=" + png, url);
            Files.createDirectories(LAST.getParent());
            Files.copy(png, LAST, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            BufferedImage shot = ImageIO.read(png.toFile());
            assertThat(shot).as("a PNG at " + png).isNotNull();
            assertThat(shot.getWidth()).isEqualTo(WIDTH);
            assertThat(shot.getHeight()).isEqualTo(HEIGHT);

            // The header band, the summary cards and the three tables are drawn, not blank.
            assertThat(spread(shot, 0, 0, WIDTH, 70)).as("header").isGreaterThan(10);
            assertThat(spread(shot, 0, 80, WIDTH, 200)).as("summary cards").isGreaterThan(10);
            assertThat(spread(shot, 0, 200, WIDTH, 700)).as("sources and dead-letter tables").isGreaterThan(10);

            if (Boolean.getBoolean("statuspage.updateReference")) {
                Files.createDirectories(REFERENCE.getParent());
                Files.copy(png, REFERENCE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            BufferedImage reference = ImageIO.read(REFERENCE.toFile());
            assertThat(reference.getWidth()).isEqualTo(WIDTH);
            assertThat(reference.getHeight()).isEqualTo(HEIGHT);
            assertThat(differingCells(shot, reference)).as("cells whose mean colour differs from the reference by "
                    + "more than " + TOLERANCE + "; look at " + LAST.toAbsolutePath()).isEmpty();
        }
    }

    /** Runs headless Chromium as the CI machine can (root, closed network) and returns what it printed. */
    private static String chromium(Path profile, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-dev-shm-usage", "--hide-scrollbars", "--force-device-scale-factor=1",
                "--user-data-dir=" + profile, "--window-size=" + WIDTH + "," + HEIGHT));
        cmd.addAll(List.of(args));
        Path out = profile.resolveSibling(profile.getFileName() + ".out");
        Path err = profile.resolveSibling(profile.getFileName() + ".err");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("chromium did not finish within 90 s: " + Files.readString(err));
        }
        assertThat(p.exitValue()).as("chromium exit code; stderr: " + Files.readString(err)).isZero();
        return Files.readString(out, StandardCharsets.UTF_8);
    }

    /** The element {@code <tag id="id" …>…</tag>} of the dumped DOM (not nested in itself), or "" when absent. */
    private static String section(String dom, String tag, String id) {
        Matcher m = Pattern.compile("<" + tag + " id=\"" + id + "\"[^>]*>(.*?)</" + tag + ">", Pattern.DOTALL)
                .matcher(dom);
        return m.find() ? m.group(1) : "";
    }

    private static String card(String dom, String id) {
        Matcher m = Pattern.compile("<div class=\"card [a-z]+\" id=\"" + id + "\">(.*?)</div>", Pattern.DOTALL)
                .matcher(dom);
        return m.find() ? m.group(1) : "";
    }

    /** Grid cells whose mean colour differs from the reference's by more than {@link #TOLERANCE}. */
    private static List<String> differingCells(BufferedImage shot, BufferedImage reference) {
        List<String> out = new ArrayList<>();
        for (int y = 0; y < HEIGHT; y += CELL_H) {
            for (int x = 0; x < WIDTH; x += CELL_W) {
                double[] a = mean(shot, x, y, x + CELL_W, y + CELL_H);
                double[] b = mean(reference, x, y, x + CELL_W, y + CELL_H);
                for (int ch = 0; ch < 3; ch++) {
                    if (Math.abs(a[ch] - b[ch]) > TOLERANCE) {
                        out.add(String.format("cell x=%d y=%d: %.0f/%.0f/%.0f vs reference %.0f/%.0f/%.0f", x, y, a[0],
                                a[1], a[2], b[0], b[1], b[2]));
                        break;
                    }
                }
            }
        }
        return out;
    }

    private static double[] mean(BufferedImage img, int x0, int y0, int x1, int y1) {
        double[] sum = new double[3];
        int n = 0;
        for (int y = y0; y < Math.min(y1, img.getHeight()); y++) {
            for (int x = x0; x < Math.min(x1, img.getWidth()); x++) {
                int rgb = img.getRGB(x, y);
                sum[0] += (rgb >> 16) & 0xff;
                sum[1] += (rgb >> 8) & 0xff;
                sum[2] += rgb & 0xff;
                n++;
            }
        }
        return new double[] {sum[0] / n, sum[1] / n, sum[2] / n};
    }

    /** Standard deviation of the luminance in a region: near 0 for a blank (one-colour) region. */
    private static double spread(BufferedImage img, int x0, int y0, int x1, int y1) {
        double sum = 0;
        double sumSq = 0;
        int n = 0;
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
                int rgb = img.getRGB(x, y);
                double l = 0.299 * ((rgb >> 16) & 0xff) + 0.587 * ((rgb >> 8) & 0xff) + 0.114 * (rgb & 0xff);
                sum += l;
                sumSq += l * l;
                n++;
            }
        }
        double m = sum / n;
        return Math.sqrt(Math.max(0, sumSq / n - m * m));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
