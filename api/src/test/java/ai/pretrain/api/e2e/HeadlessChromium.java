package ai.pretrain.api.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;

/**
 * Debian's Chromium, headless, as a user's browser: loads a page, lets its scripts run, and returns the screenshot or
 * the DOM it rendered. {@code scripts/install-tools.sh} installs it; the test fails, never skips, without it.
 */
public final class HeadlessChromium {

  private static final Path BINARY = Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));

  private HeadlessChromium() {}

  /** A screenshot of {@code url} in a window of the given size, also kept at {@code png} for a person to look at. */
  public static BufferedImage screenshot(String url, Path png, int width, int height) throws Exception {
    Files.createDirectories(png.getParent());
    Files.deleteIfExists(png);
    run(List.of("--window-size=" + width + "," + height, "--screenshot=" + png.toAbsolutePath(), url));
    assertTrue(Files.size(png) > 0, "Chromium wrote no screenshot of " + url);
    return ImageIO.read(png.toFile());
  }

  /** The DOM of {@code url} once its scripts have run. */
  public static String renderedDom(String url) throws Exception {
    return run(List.of("--dump-dom", url));
  }

  /** The share of pixels that are neither white-ish nor grey: drawn chart lines, bars and fills. */
  public static double colouredShare(BufferedImage image) {
    long coloured = 0;
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        int rgb = image.getRGB(x, y);
        int r = (rgb >> 16) & 0xff;
        int g = (rgb >> 8) & 0xff;
        int b = rgb & 0xff;
        if (Math.max(r, Math.max(g, b)) - Math.min(r, Math.min(g, b)) > 40) {
          coloured++;
        }
      }
    }
    return (double) coloured / ((long) image.getWidth() * image.getHeight());
  }

  private static String run(List<String> arguments) throws IOException, InterruptedException {
    if (!Files.isExecutable(BINARY)) {
      fail(BINARY + " is missing: scripts/install-tools.sh installs Debian's chromium (or set CHROMIUM)");
    }
    List<String> command = new ArrayList<>(List.of(BINARY.toString(), "--headless=new", "--no-sandbox",
        "--disable-gpu", "--disable-dev-shm-usage", "--hide-scrollbars", "--no-first-run",
        "--user-data-dir=" + Files.createTempDirectory("chromium-profile"),
        // the virtual clock lets the page's scripts (Swagger UI fetching its OpenAPI document) finish first
        "--virtual-time-budget=15000"));
    command.addAll(arguments);
    Path errors = Files.createTempFile("chromium", ".log");
    Process process = new ProcessBuilder(command).redirectError(errors.toFile()).start();
    byte[] out = process.getInputStream().readAllBytes();
    if (!process.waitFor(120, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      fail("Chromium did not finish within 2 minutes: " + command);
    }
    assertEquals(0, process.exitValue(), "Chromium failed: " + Files.readString(errors));
    return new String(out, StandardCharsets.UTF_8);
  }
}
