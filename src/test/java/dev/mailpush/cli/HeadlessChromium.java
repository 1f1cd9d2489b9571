package dev.mailpush.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Debian's chromium, headless, for testing a page as a browser renders it: the DOM after its
 * scripts ran, and a screenshot. Under CI a missing chromium fails the test (.ci/run installs it).
 */
public final class HeadlessChromium {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

  private HeadlessChromium() {}

  public static void assumeAvailable() {
    if (!Files.isExecutable(CHROMIUM)) {
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        throw new AssertionError("chromium is missing: .ci/run installs the chromium package");
      }
      Assumptions.abort("chromium not installed (apt-get install chromium)");
    }
  }

  /** The page's DOM once loaded and its scripts ran, serialised. */
  public static String renderedDom(Path page) throws IOException, InterruptedException {
    return run(page, "--dump-dom");
  }

  /** A screenshot of the page, {@code width} pixels wide, written to {@code png}. */
  public static void screenshot(Path page, Path png, int width, int height)
      throws IOException, InterruptedException {
    Files.createDirectories(png.toAbsolutePath().getParent());
    run(page, "--screenshot=" + png.toAbsolutePath(), "--window-size=" + width + "," + height);
    if (!Files.isRegularFile(png)) {
      throw new AssertionError("chromium wrote no screenshot to " + png);
    }
  }

  private static String run(Path page, String... args) throws IOException, InterruptedException {
    Path profile = Files.createTempDirectory("chromium-profile");
    List<String> command =
        new ArrayList<>(
            List.of(
                CHROMIUM.toString(),
                "--headless",
                // Its sandbox needs user namespaces that containers and root often lack; the page
                // is our own file, opened with no network.
                "--no-sandbox",
                "--disable-gpu",
                "--hide-scrollbars",
                "--no-first-run",
                "--user-data-dir=" + profile));
    command.addAll(List.of(args));
    command.add(page.toAbsolutePath().toUri().toString());
    Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("chromium did not finish within 120 s: " + command);
    }
    return out;
  }
}
