package dev.mailpush.dns;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A parsed SPF record (RFC 7208 section 4.6). */
record SpfRecord(List<Term> terms) {

  public SpfRecord {
    terms = List.copyOf(terms);
  }

  /** A mechanism or a modifier. */
  public sealed interface Term permits Mechanism, Modifier {}

  /**
   * @param qualifier one of {@code + - ~ ?}
   * @param name lower-case mechanism name
   * @param domain the domain-spec, or {@code null} for the current domain
   * @param cidr4 IPv4 prefix length (-1: none)
   * @param cidr6 IPv6 prefix length (-1: none)
   */
  public record Mechanism(char qualifier, String name, String domain, int cidr4, int cidr6)
      implements Term {
    /** Whether evaluating it queries DNS (counts toward the limit of 10). */
    public boolean queriesDns() {
      return switch (name) {
        case "include", "a", "mx", "ptr", "exists" -> true;
        default -> false;
      };
    }

    @Override
    public String toString() {
      StringBuilder s = new StringBuilder();
      if (qualifier != '+') {
        s.append(qualifier);
      }
      s.append(name);
      if (domain != null) {
        s.append(':').append(domain);
      }
      if (cidr4 >= 0) {
        s.append('/').append(cidr4);
      }
      if (cidr6 >= 0) {
        s.append(name.equals("ip6") ? "/" : "//").append(cidr6);
      }
      return s.toString();
    }
  }

  public record Modifier(String name, String value) implements Term {
    @Override
    public String toString() {
      return name + "=" + value;
    }
  }

  private static final Pattern MECHANISM =
      Pattern.compile("([+\\-~?]?)([A-Za-z][A-Za-z0-9]*)(?::([^/]+))?(?:/(\\d+))?(?://(\\d+))?");
  private static final Pattern MODIFIER = Pattern.compile("([A-Za-z][A-Za-z0-9_.\\-]*)=(.*)");
  private static final Pattern DOMAIN_SPEC = Pattern.compile("[\\x21-\\x7e&&[^/]]+");

  /** Whether a TXT string is an SPF record at all ({@code v=spf1} then a space or the end). */
  public static boolean isSpf(String txt) {
    String t = txt.strip().toLowerCase(Locale.ROOT);
    return t.equals("v=spf1") || t.startsWith("v=spf1 ");
  }

  /**
   * @throws IllegalArgumentException with the offending term
   */
  public static SpfRecord parse(String txt) {
    if (!isSpf(txt)) {
      throw new IllegalArgumentException("does not start with v=spf1");
    }
    List<Term> terms = new ArrayList<>();
    String body = txt.strip().substring(6).strip();
    if (body.isEmpty()) {
      return new SpfRecord(terms);
    }
    boolean redirect = false;
    boolean exp = false;
    for (String raw : body.split(" +")) {
      Matcher mod = MODIFIER.matcher(raw);
      if (mod.matches() && !raw.contains(":")
          || mod.matches() && raw.indexOf('=') < raw.indexOf(':')) {
        String name = mod.group(1).toLowerCase(Locale.ROOT);
        String value = mod.group(2);
        if (name.equals("redirect") || name.equals("exp")) {
          if (name.equals("redirect") ? redirect : exp) {
            throw new IllegalArgumentException("more than one " + name + "= modifier");
          }
          if (name.equals("redirect")) {
            redirect = true;
          } else {
            exp = true;
          }
          checkDomain(raw, value);
        }
        terms.add(new Modifier(name, value));
        continue;
      }
      Matcher m = MECHANISM.matcher(raw);
      if (!m.matches()) {
        throw new IllegalArgumentException("invalid term \"" + raw + "\"");
      }
      char q = m.group(1).isEmpty() ? '+' : m.group(1).charAt(0);
      String name = m.group(2).toLowerCase(Locale.ROOT);
      String domain = m.group(3);
      int c4 = m.group(4) == null ? -1 : Integer.parseInt(m.group(4));
      int c6 = m.group(5) == null ? -1 : Integer.parseInt(m.group(5));
      switch (name) {
        case "all" -> requireNone(raw, domain != null || c4 >= 0 || c6 >= 0);
        case "include", "exists" -> {
          if (domain == null) {
            throw new IllegalArgumentException(
                "\"" + raw + "\" needs a domain (" + name + ":example.com)");
          }
          requireNone(raw, c4 >= 0 || c6 >= 0);
          checkDomain(raw, domain);
        }
        case "a", "mx" -> {
          if (domain != null) {
            checkDomain(raw, domain);
          }
          if (c4 > 32 || c6 > 128) {
            throw new IllegalArgumentException("invalid prefix length in \"" + raw + "\"");
          }
        }
        case "ptr" -> {
          requireNone(raw, c4 >= 0 || c6 >= 0);
          if (domain != null) {
            checkDomain(raw, domain);
          }
        }
        case "ip4" -> {
          // ip4 takes only one prefix: the pattern reads "/n" as cidr4
          if (domain == null
              || Names.ipLiteral(domain).filter(a -> !Names.isV6(a)).isEmpty()
              || !domain.matches("\\d+\\.\\d+\\.\\d+\\.\\d+")
              || c4 > 32
              || c6 >= 0) {
            throw new IllegalArgumentException("invalid ip4 term \"" + raw + "\"");
          }
        }
        case "ip6" -> {
          // ip6:2001:db8::/32 - the pattern's domain stops at the first '/', which is the prefix
          if (domain == null
              || Names.ipLiteral(domain).filter(Names::isV6).isEmpty()
              || c4 > 128
              || c6 >= 0) {
            throw new IllegalArgumentException("invalid ip6 term \"" + raw + "\"");
          }
          terms.add(new Mechanism(q, name, domain, -1, c4));
          continue;
        }
        default -> throw new IllegalArgumentException("unknown mechanism \"" + raw + "\"");
      }
      terms.add(new Mechanism(q, name, domain, c4, c6));
    }
    return new SpfRecord(terms);
  }

  private static void requireNone(String raw, boolean present) {
    if (present) {
      throw new IllegalArgumentException("unexpected argument in \"" + raw + "\"");
    }
  }

  private static void checkDomain(String raw, String domain) {
    if (!DOMAIN_SPEC.matcher(domain).matches() || domain.startsWith(".") || domain.contains("..")) {
      throw new IllegalArgumentException("invalid domain in \"" + raw + "\"");
    }
  }

  public List<Mechanism> mechanisms() {
    return terms.stream().filter(Mechanism.class::isInstance).map(Mechanism.class::cast).toList();
  }

  public Optional<String> modifier(String name) {
    return terms.stream()
        .filter(Modifier.class::isInstance)
        .map(Modifier.class::cast)
        .filter(m -> m.name().equals(name))
        .map(Modifier::value)
        .findFirst();
  }

  /** The {@code all} mechanism, if any (terms after it are never reached). */
  public Optional<Mechanism> all() {
    return mechanisms().stream().filter(m -> m.name().equals("all")).findFirst();
  }

  /**
   * The record as text, with {@code mechanism} inserted before the final {@code all} (or at the
   * end).
   */
  public String withBeforeAll(String mechanism) {
    List<String> out = new ArrayList<>();
    out.add("v=spf1");
    boolean inserted = false;
    for (Term t : terms) {
      if (!inserted && t instanceof Mechanism m && m.name().equals("all")) {
        out.add(mechanism);
        inserted = true;
      }
      out.add(t.toString());
    }
    if (!inserted) {
      out.add(mechanism);
    }
    return String.join(" ", out);
  }

  /**
   * The record as text with its {@code all} replaced by {@code -all} (or {@code -all} appended).
   */
  public String withHardFail() {
    List<String> out = new ArrayList<>();
    out.add("v=spf1");
    for (Term t : terms) {
      if (t instanceof Mechanism m && m.name().equals("all")) {
        continue;
      }
      if (t instanceof Modifier m && m.name().equals("redirect")) {
        continue;
      }
      out.add(t.toString());
    }
    out.add("-all");
    return String.join(" ", out);
  }

  @Override
  public String toString() {
    List<String> out = new ArrayList<>();
    out.add("v=spf1");
    terms.forEach(t -> out.add(t.toString()));
    return String.join(" ", out);
  }
}
