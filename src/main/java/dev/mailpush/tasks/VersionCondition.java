package dev.mailpush.tasks;

import dev.mailpush.facts.FactQuery;
import dev.mailpush.facts.HostFacts;
import dev.mailpush.facts.PackageState;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code "dovecot-core >= 2.4"}: holds when the installed package's upstream version compares so.
 * Config syntax that changed between releases (Dovecot 2.3 and 2.4) is chosen this way, from facts,
 * at plan time.
 */
public record VersionCondition(String pkg, String operator, List<Integer> version) {
  private static final Pattern SYNTAX =
      Pattern.compile("([a-z0-9][a-z0-9.+-]*)\\s*(>=|<|==)\\s*([0-9]+(?:\\.[0-9]+)*)");

  public VersionCondition {
    version = List.copyOf(version);
  }

  public static VersionCondition parse(String text) {
    Matcher m = SYNTAX.matcher(text.strip());
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "version condition (\""
              + text
              + "\") must look like \"dovecot-core >= 2.4\""
              + " (operators >=, <, ==)");
    }
    return new VersionCondition(m.group(1), m.group(2), numbers(m.group(3)));
  }

  public FactQuery needs() {
    return FactQuery.packages(Set.of(pkg));
  }

  /** Whether it holds; empty when the package is not installed (yet). */
  public Optional<Boolean> holds(HostFacts facts) {
    if (!(facts.pkg(pkg) instanceof PackageState.Installed installed)) {
      return Optional.empty();
    }
    int c = compare(upstream(installed.version()), version);
    return Optional.of(
        switch (operator) {
          case ">=" -> c >= 0;
          case "<" -> c < 0;
          default -> c == 0;
        });
  }

  /** {@code 1:2.4.1+dfsg1-6} → [2, 4, 1]: epoch and Debian revision dropped. */
  static List<Integer> upstream(String packageVersion) {
    String v = packageVersion.substring(packageVersion.indexOf(':') + 1);
    Matcher m = Pattern.compile("^[0-9]+(?:\\.[0-9]+)*").matcher(v);
    return m.find() ? numbers(m.group()) : List.of(0);
  }

  /** Compares only as many components as the condition names: 2.4.1 == 2.4. */
  private static int compare(List<Integer> installed, List<Integer> wanted) {
    for (int i = 0; i < wanted.size(); i++) {
      int a = i < installed.size() ? installed.get(i) : 0;
      if (a != wanted.get(i)) {
        return Integer.compare(a, wanted.get(i));
      }
    }
    return 0;
  }

  private static List<Integer> numbers(String dotted) {
    List<Integer> out = new ArrayList<>();
    for (String part : dotted.split("\\.")) {
      out.add(Integer.parseInt(part));
    }
    return out;
  }

  @Override
  public String toString() {
    return pkg
        + " "
        + operator
        + " "
        + String.join(".", version.stream().map(String::valueOf).toList());
  }
}
