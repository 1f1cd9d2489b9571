package dev.mailpush.dns;

import dev.mailpush.inventory.DnsConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TLSARecord;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;
import org.xbill.DNS.Update;

/**
 * RFC 2136 dynamic updates, signed with TSIG, to the primary name server of {@code [dns]}; reads go
 * to the same server over TCP, so they see what the updates changed at once. The records it read
 * are kept as the server sent them: a removal or a prerequisite must match the server's data byte
 * for byte (a TXT record split into other strings is another record).
 */
public final class Rfc2136Store implements RecordStore {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final DnsConfig config;
  private final SimpleResolver resolver;
  private final Map<ZoneRecord, Record> asRead = new HashMap<>();
  private final Map<String, String> zones = new HashMap<>();

  public Rfc2136Store(DnsConfig config) throws DnsStoreException {
    this.config = config;
    try {
      resolver =
          new SimpleResolver(
              new InetSocketAddress(InetAddress.getByName(config.server()), config.port()));
    } catch (IOException e) {
      throw new DnsStoreException(
          "cannot resolve the [dns] server " + config.server() + ": " + e.getMessage(),
          "set server in [dns] to the primary's name or address");
    }
    resolver.setTCP(true);
    resolver.setTimeout(TIMEOUT);
    resolver.setTSIGKey(
        new TSIG(
            TSIG.algorithmToName(config.algorithm()), name(config.keyName()), config.secret()));
  }

  @Override
  public String describe() {
    return config.server() + ":" + config.port();
  }

  @Override
  public String zoneOf(String name) throws DnsStoreException {
    String key = Names.normalize(name);
    String known = zones.get(key);
    if (known != null) {
      return known;
    }
    Message answer = query(key, Type.SOA);
    for (int section : new int[] {Section.ANSWER, Section.AUTHORITY}) {
      for (Record r : answer.getSection(section)) {
        if (r instanceof SOARecord) {
          String zone = Names.normalize(r.getName().toString());
          zones.put(key, zone);
          return zone;
        }
      }
    }
    throw new DnsStoreException(
        describe() + " serves no zone that holds " + key,
        "add the zone to that server, or set [dns] server to the primary of " + key + "'s zone");
  }

  @Override
  public List<ZoneRecord> read(String name, String type) throws DnsStoreException {
    Message answer = query(name, Type.value(type));
    List<ZoneRecord> records = new ArrayList<>();
    for (Record r : answer.getSection(Section.ANSWER)) {
      if (r.getType() == Type.value(type) && Names.same(r.getName().toString(), name)) {
        ZoneRecord z = new ZoneRecord(name, type, DnsjavaLookup.data(r).orElse(r.rdataToString()));
        asRead.put(z, r);
        records.add(z);
      }
    }
    return records;
  }

  @Override
  public void apply(ZoneChange change, int ttl) throws DnsStoreException {
    Update update = new Update(name(change.zone()));
    for (Map.Entry<String, List<ZoneRecord>> rrset : change.expected().entrySet()) {
      String[] key = rrset.getKey().split("/");
      if (rrset.getValue().isEmpty()) {
        update.absent(name(key[0]), Type.value(key[1]));
      } else {
        for (ZoneRecord r : rrset.getValue()) {
          Record read = original(r);
          // A value-dependent prerequisite carries TTL 0 (RFC 2136 2.4.2).
          update.present(
              Record.newRecord(
                  read.getName(), read.getType(), DClass.IN, 0, read.rdataToWireCanonical()));
        }
      }
    }
    for (ZoneRecord r : change.deletes()) {
      update.delete(original(r));
    }
    for (ZoneRecord r : change.adds()) {
      update.add(record(r, ttl));
    }
    Message response;
    try {
      response = resolver.send(update);
    } catch (IOException e) {
      throw new DnsStoreException(
          "update of " + change.zone() + " not sent to " + describe() + ": " + e.getMessage(),
          "check that the server takes TCP on that port, then run dns apply again");
    }
    int rcode = response.getRcode();
    if (rcode == Rcode.NOTAUTH) {
      throw wrongKey();
    }
    if (rcode != Rcode.NOERROR) {
      throw new DnsStoreException(
          describe() + " refused the update of " + change.zone() + ": " + Rcode.string(rcode),
          switch (rcode) {
            case Rcode.REFUSED ->
                "allow updates with key "
                    + config.keyName()
                    + " for "
                    + change.zone()
                    + " on the server";
            case Rcode.NXRRSET, Rcode.YXRRSET ->
                "the records changed while mailpush read them: run dns apply again";
            default -> "see the name server's log";
          });
    }
  }

  private DnsStoreException wrongKey() {
    return new DnsStoreException(
        describe() + " does not accept the TSIG key " + config.keyName() + " (NOTAUTH)",
        "tsig_key_name, tsig_algorithm and the secret in tsig_secret_file must be the server's key");
  }

  private Message query(String name, int type) throws DnsStoreException {
    try {
      Message answer =
          resolver.send(Message.newQuery(Record.newRecord(name(name), type, DClass.IN)));
      int rcode = answer.getRcode();
      if (rcode == Rcode.NOTAUTH) {
        throw wrongKey();
      }
      if (rcode != Rcode.NOERROR && rcode != Rcode.NXDOMAIN) {
        throw new DnsStoreException(
            describe()
                + " answered "
                + Rcode.string(rcode)
                + " for "
                + name
                + " "
                + Type.string(type),
            "set [dns] server to the primary name server of the mail domains' zones");
      }
      return answer;
    } catch (IOException e) {
      throw new DnsStoreException(
          "no answer from " + describe() + " for " + name + ": " + e.getMessage(),
          "check [dns] server and that the name server takes TCP queries");
    }
  }

  private Record original(ZoneRecord r) {
    Record read = asRead.get(r);
    if (read == null) {
      throw new IllegalStateException("not read from the server: " + r);
    }
    return read;
  }

  private static Record record(ZoneRecord r, int ttl) throws DnsStoreException {
    Name owner = name(r.name());
    try {
      return switch (r.type()) {
        case "MX" -> {
          String[] p = r.data().split(" ", 2);
          yield new MXRecord(owner, DClass.IN, ttl, Integer.parseInt(p[0]), name(p[1]));
        }
        case "A" -> new ARecord(owner, DClass.IN, ttl, InetAddress.getByName(r.data()));
        case "AAAA" -> new AAAARecord(owner, DClass.IN, ttl, InetAddress.getByName(r.data()));
        case "TXT" -> new TXTRecord(owner, DClass.IN, ttl, Zone.chunks(r.data()));
        case "SRV" -> {
          String[] p = r.data().split(" ", 4);
          yield new SRVRecord(
              owner,
              DClass.IN,
              ttl,
              Integer.parseInt(p[0]),
              Integer.parseInt(p[1]),
              Integer.parseInt(p[2]),
              name(p[3]));
        }
        case "TLSA" -> {
          String[] p = r.data().split(" ", 4);
          yield new TLSARecord(
              owner,
              DClass.IN,
              ttl,
              Integer.parseInt(p[0]),
              Integer.parseInt(p[1]),
              Integer.parseInt(p[2]),
              java.util.HexFormat.of().parseHex(p[3]));
        }
        default -> throw new IllegalArgumentException("record type " + r.type());
      };
    } catch (IOException e) {
      throw new DnsStoreException(
          "bad record " + r + ": " + e.getMessage(), "report this as a bug");
    }
  }

  private static Name name(String name) {
    try {
      return Name.fromString(Names.fqdn(name));
    } catch (TextParseException e) {
      throw new IllegalArgumentException("not a DNS name: " + name, e);
    }
  }
}
