package dev.mailpush.verify;

import dev.mailpush.report.Check;
import dev.mailpush.report.Status;
import dev.mailpush.report.Subject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * The host's web server as senders and mail clients use it: for each domain, the MTA-STS policy at
 * {@code https://mta-sts.DOMAIN/.well-known/mta-sts.txt} must be the inventory's (so its id is the
 * one {@code dns apply} publishes) and list the host as an mx; the autoconfig file at {@code
 * https://autoconfig.DOMAIN/mail/config-v1.1.xml} must name the host's IMAP and SMTP servers with
 * TLS. Both over HTTPS with a certificate valid for the name and trusted.
 */
final class WebProbe {
  static final int HTTPS = 443;
  static final String POLICY_PATH = "/.well-known/mta-sts.txt";
  static final String AUTOCONFIG_PATH = "/mail/config-v1.1.xml";

  private final HttpsGet https;

  WebProbe(Trust trust, Duration timeout) {
    this.https = new HttpsGet(trust, timeout);
  }

  List<Check> probe(Target t, WebSite site) {
    List<Check> checks = new ArrayList<>();
    for (String domain : site.domains()) {
      site.policy().ifPresent(p -> checks.add(policy(t, domain, p, site.policyId())));
      if (site.autoconfig()) {
        checks.add(autoconfig(t, domain));
      }
    }
    return checks;
  }

  private Check policy(Target t, String domain, String expected, String id) {
    String name = "mta-sts." + domain;
    String url = "https://" + name + POLICY_PATH;
    Subject s = Subject.of(domain, t.host());
    HttpsGet.Result r = https.get(t.address(), t.port(HTTPS), name, POLICY_PATH);
    if (r instanceof HttpsGet.Result.Refused refused) {
      return refused(s, "mta-sts-policy", t, url, refused);
    }
    HttpsGet.Result.Answered a = (HttpsGet.Result.Answered) r;
    if (a.status() != 200) {
      return fail(
          s,
          "mta-sts-policy",
          "HTTP " + a.status(),
          expected,
          "mailpush deploy --limit " + t.host() + " (it writes the policy and the nginx site)",
          url + " answers HTTP " + a.status() + ": senders find no policy");
    }
    List<String> mx = new ArrayList<>();
    boolean version = false;
    for (String line : a.body().split("\r?\n")) {
      String[] kv = line.split(":", 2);
      if (kv.length == 2 && kv[0].strip().equals("mx")) {
        mx.add(kv[1].strip().toLowerCase(Locale.ROOT));
      } else if (kv.length == 2 && kv[0].strip().equals("version")) {
        version = kv[1].strip().equals("STSv1");
      }
    }
    if (!version || mx.stream().noneMatch(m -> CertificateChecks.matches(m, t.hostname()))) {
      return fail(
          s,
          "mta-sts-policy",
          a.body().strip().replace("\n", " | "),
          expected.strip().replace("\n", " | "),
          "mailpush deploy --limit " + t.host(),
          url
              + (version ? " lists no mx matching " + t.hostname() : " is not an STSv1 policy")
              + ": senders that enforce it would refuse to deliver here");
    }
    if (!a.body().equals(expected)) {
      return fail(
          s,
          "mta-sts-policy",
          a.body().strip().replace("\n", " | "),
          expected.strip().replace("\n", " | "),
          "mailpush deploy --limit " + t.host() + ", then mailpush dns apply (the id follows)",
          url + " serves another policy than the inventory's (whose id " + id + " is published)");
    }
    return new Check(
        s,
        "mta-sts-policy",
        Status.OK,
        a.body().strip().replace("\n", " | "),
        null,
        null,
        url + " serves the policy over trusted HTTPS (id " + id + "), mx " + t.hostname());
  }

  private Check autoconfig(Target t, String domain) {
    String name = "autoconfig." + domain;
    String path = AUTOCONFIG_PATH + "?emailaddress=postmaster%40" + domain;
    String url = "https://" + name + AUTOCONFIG_PATH;
    Subject s = Subject.of(domain, t.host());
    HttpsGet.Result r = https.get(t.address(), t.port(HTTPS), name, path);
    if (r instanceof HttpsGet.Result.Refused refused) {
      return refused(s, "autoconfig", t, url, refused);
    }
    HttpsGet.Result.Answered a = (HttpsGet.Result.Answered) r;
    String fix = "mailpush deploy --limit " + t.host() + " (it writes the settings file)";
    if (a.status() != 200) {
      return fail(
          s,
          "autoconfig",
          "HTTP " + a.status(),
          "HTTP 200",
          fix,
          url + " answers HTTP " + a.status() + ": mail clients cannot set themselves up");
    }
    List<String> servers = new ArrayList<>();
    List<String> domains = new ArrayList<>();
    try {
      Document doc = parse(a.body());
      for (String kind : List.of("incomingServer", "outgoingServer")) {
        NodeList list = doc.getElementsByTagName(kind);
        for (int i = 0; i < list.getLength(); i++) {
          Element e = (Element) list.item(i);
          servers.add(
              e.getAttribute("type")
                  + " "
                  + text(e, "hostname").toLowerCase(Locale.ROOT)
                  + ":"
                  + text(e, "port")
                  + " "
                  + text(e, "socketType"));
        }
      }
      NodeList d = doc.getElementsByTagName("domain");
      for (int i = 0; i < d.getLength(); i++) {
        domains.add(d.item(i).getTextContent().strip().toLowerCase(Locale.ROOT));
      }
    } catch (IOException e) {
      return fail(s, "autoconfig", "not XML", "clientConfig 1.1", fix, url + ": " + e.getMessage());
    }
    String host = t.hostname().toLowerCase(Locale.ROOT);
    List<String> wanted = List.of("imap " + host + ":993 SSL", "smtp " + host + ":465 SSL");
    List<String> elsewhere = servers.stream().filter(v -> !v.contains(" " + host + ":")).toList();
    if (!servers.containsAll(wanted) || !elsewhere.isEmpty() || !domains.contains(domain)) {
      return fail(
          s,
          "autoconfig",
          String.join(", ", servers) + "; domains " + domains,
          String.join(", ", wanted) + "; domain " + domain,
          fix,
          url + " does not describe this server for " + domain + ": clients would be set up wrong");
    }
    return new Check(
        s,
        "autoconfig",
        Status.OK,
        String.join(", ", servers),
        null,
        null,
        url + " names " + String.join(", ", servers) + " over trusted HTTPS");
  }

  private static Check refused(
      Subject s, String check, Target t, String url, HttpsGet.Result.Refused r) {
    String fix =
        r.certificate()
            ? "mailpush certs INVENTORY --limit "
                + t.host()
                + " (the certificate must name "
                + url.substring("https://".length(), url.indexOf('/', "https://".length()))
                + ")"
            : "mailpush deploy --limit "
                + t.host()
                + "; on the host: systemctl status nginx; open port 443 to the world";
    return fail(s, check, r.reason(), "HTTPS on port 443", fix, url + ": " + r.reason());
  }

  private static Check fail(
      Subject s, String check, String found, String expected, String fix, String message) {
    return new Check(s, check, Status.FAIL, found, expected, fix, message);
  }

  private static String text(Element parent, String tag) {
    NodeList l = parent.getElementsByTagName(tag);
    return l.getLength() == 0 ? "" : l.item(0).getTextContent().strip();
  }

  /** Without DTDs or external entities: the file comes from the network. */
  static Document parse(String xml) throws IOException {
    try {
      DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
      f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      f.setExpandEntityReferences(false);
      DocumentBuilder builder = f.newDocumentBuilder();
      // The default handler prints "[Fatal Error] ..." on stderr before throwing: the check's
      // message says it instead.
      builder.setErrorHandler(
          new ErrorHandler() {
            @Override
            public void warning(SAXParseException e) {}

            @Override
            public void error(SAXParseException e) throws SAXException {
              throw e;
            }

            @Override
            public void fatalError(SAXParseException e) throws SAXException {
              throw e;
            }
          });
      return builder.parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    } catch (ParserConfigurationException | SAXException e) {
      throw new IOException("not a readable XML file: " + e.getMessage(), e);
    }
  }
}
