package dev.mailpush.dns;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DNSKEYRecord;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.ReverseMap;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TLSARecord;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;
import org.xbill.DNS.lookup.LookupResult;
import org.xbill.DNS.lookup.LookupSession;
import org.xbill.DNS.lookup.NoSuchDomainException;
import org.xbill.DNS.lookup.NoSuchRRSetException;

/**
 * {@link DnsLookup} with dnsjava: one {@link LookupSession} (CNAMEs followed) over a given server
 * or the system's resolvers. Answers are remembered for the session, so an SPF include shared by
 * several domains is asked once.
 */
public final class DnsjavaLookup implements DnsLookup {
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  private final LookupSession session;
  private final Map<String, DnsAnswer> memo = new ConcurrentHashMap<>();

  private DnsjavaLookup(Resolver resolver) {
    resolver.setTimeout(TIMEOUT);
    this.session = LookupSession.builder().resolver(resolver).clearCaches().build();
  }

  /** The resolvers of this machine ({@code /etc/resolv.conf}). */
  public static DnsjavaLookup system() {
    return new DnsjavaLookup(new ExtendedResolver());
  }

  /** One server, e.g. {@code 127.0.0.1:5353}. */
  public static DnsjavaLookup server(String host, int port) {
    try {
      return new DnsjavaLookup(
          new SimpleResolver(new InetSocketAddress(InetAddress.getByName(host), port)));
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("unknown resolver host " + host, e);
    }
  }

  @Override
  public DnsAnswer query(String name, RecordType type) {
    return memo.computeIfAbsent(type + " " + Names.normalize(name), k -> ask(name, type));
  }

  private DnsAnswer ask(String name, RecordType type) {
    Name qname;
    try {
      qname =
          type == RecordType.PTR
              ? ReverseMap.fromAddress(
                  Names.ipLiteral(name)
                      .orElseThrow(
                          () -> new IllegalArgumentException("PTR needs an IP address: " + name)))
              : Name.fromString(Names.fqdn(name));
    } catch (TextParseException e) {
      return new DnsAnswer.Failure("not a domain name: " + name);
    }
    int qtype =
        switch (type) {
          case A -> Type.A;
          case AAAA -> Type.AAAA;
          case MX -> Type.MX;
          case TXT -> Type.TXT;
          case PTR -> Type.PTR;
          case SRV -> Type.SRV;
          case TLSA -> Type.TLSA;
          case SOA -> Type.SOA;
          case DNSKEY -> Type.DNSKEY;
        };
    LookupResult result;
    try {
      result =
          session
              .lookupAsync(qname, qtype)
              .toCompletableFuture()
              .get(TIMEOUT.toMillis() * 3, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof NoSuchDomainException) {
        return new DnsAnswer.NxDomain();
      }
      if (cause instanceof NoSuchRRSetException) {
        return new DnsAnswer.NoData();
      }
      return new DnsAnswer.Failure(describe(cause == null ? e : cause));
    } catch (TimeoutException | CancellationException e) {
      return new DnsAnswer.Failure("timeout");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new DnsAnswer.Failure("interrupted");
    }
    List<String> values = new ArrayList<>();
    for (Record r : result.getRecords()) {
      data(r).ifPresent(values::add);
    }
    return values.isEmpty() ? new DnsAnswer.NoData() : new DnsAnswer.Records(values);
  }

  /**
   * A record's data as the checks compare it (see {@link DnsAnswer.Records}): MX as {@code "PREF
   * target"}, SRV as {@code "PRIORITY WEIGHT PORT target"}, TLSA as {@code "3 1 1 hex"} (lower
   * case), names without the trailing dot, TXT strings joined, SOA and DNSKEY in presentation form;
   * empty for other types.
   */
  static java.util.Optional<String> data(Record r) {
    if (r instanceof ARecord a) {
      return java.util.Optional.of(a.getAddress().getHostAddress());
    } else if (r instanceof AAAARecord a) {
      return java.util.Optional.of(a.getAddress().getHostAddress());
    } else if (r instanceof MXRecord mx) {
      return java.util.Optional.of(
          mx.getPriority() + " " + Names.normalize(mx.getTarget().toString()));
    } else if (r instanceof TXTRecord txt) {
      return java.util.Optional.of(String.join("", txt.getStrings()));
    } else if (r instanceof PTRRecord ptr) {
      return java.util.Optional.of(Names.normalize(ptr.getTarget().toString()));
    } else if (r instanceof SRVRecord srv) {
      return java.util.Optional.of(
          srv.getPriority()
              + " "
              + srv.getWeight()
              + " "
              + srv.getPort()
              + " "
              + Names.normalize(srv.getTarget().toString()));
    } else if (r instanceof TLSARecord t) {
      return java.util.Optional.of(
          Tlsa.data(
              t.getCertificateUsage(),
              t.getSelector(),
              t.getMatchingType(),
              java.util.HexFormat.of().formatHex(t.getCertificateAssociationData())));
    } else if (r instanceof SOARecord || r instanceof DNSKEYRecord) {
      return java.util.Optional.of(r.rdataToString());
    }
    return java.util.Optional.empty();
  }

  /**
   * A lookup failure in the admin's words: dnsjava names REFUSED and SERVFAIL only inside its
   * messages.
   */
  static String describe(Throwable failure) {
    String message = String.valueOf(failure.getMessage());
    if (message.contains("REFUSED")) {
      return "the resolver refused the query (REFUSED; a server that answers only for its own zones, or a"
          + " blocklist refusing a public resolver)";
    }
    if (failure instanceof org.xbill.DNS.lookup.ServerFailedException
        || message.contains("SERVFAIL")) {
      return "the resolver failed to answer (SERVFAIL)";
    }
    return failure.getClass().getSimpleName()
        + (failure.getMessage() == null ? "" : ": " + failure.getMessage());
  }
}
