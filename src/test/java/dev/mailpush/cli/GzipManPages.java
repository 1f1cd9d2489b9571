package dev.mailpush.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * Build step, not a test: gzips the troff man pages for the .deb, as Debian policy asks ({@code
 * /usr/share/man/man1/*.1.gz}, what {@code gzip -9n} makes): best compression, and a header without
 * a name or a time, so the same pages give the same bytes. The jar keeps the plain pages for {@code
 * mailpush man}. The pom runs it (exec-maven-plugin) before the .deb is made.
 *
 * <p>Arguments: the directory of the {@code *.1} pages and the directory for the {@code *.1.gz}
 * ones, which is emptied first so that a removed command's page does not linger.
 */
public final class GzipManPages {
  private GzipManPages() {}

  public static void main(String[] args) throws IOException {
    Path pages = Path.of(args[0]);
    Path gzipped = Path.of(args[1]);
    Files.createDirectories(gzipped);
    for (Path old : list(gzipped)) {
      Files.delete(old);
    }
    for (Path page : list(pages)) {
      String name = page.getFileName().toString();
      if (name.endsWith(".1")) {
        try (OutputStream out =
            new BestGzip(Files.newOutputStream(gzipped.resolve(name + ".gz")))) {
          Files.copy(page, out);
        }
      }
    }
  }

  private static List<Path> list(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.sorted().toList();
    }
  }

  /** GZIPOutputStream writes no name and a zero time already; only the level is gzip's default. */
  private static final class BestGzip extends GZIPOutputStream {
    BestGzip(OutputStream out) throws IOException {
      super(out);
      def.setLevel(Deflater.BEST_COMPRESSION);
    }
  }
}
