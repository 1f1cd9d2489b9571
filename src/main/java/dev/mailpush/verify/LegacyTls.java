package dev.mailpush.verify;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;

/**
 * Does the server still negotiate TLS 1.0 or 1.1? The JDK refuses those versions client-side
 * ({@code jdk.tls.disabledAlgorithms}, read once per JVM), so instead of JSSE this sends a
 * hand-built ClientHello offering at most TLS 1.1 and reads the server's first record: a
 * ServerHello for 1.0/1.1 means the server accepts them; an alert or a closed connection means it
 * refuses. No handshake is completed.
 */
final class LegacyTls {
  private LegacyTls() {}

  /** What the server did with a TLS 1.0/1.1-only ClientHello. */
  public sealed interface Outcome {
    record Accepted(String version) implements Outcome {}

    record Refused(String how) implements Outcome {}

    record Inconclusive(String why) implements Outcome {}
  }

  // ECDHE/DHE/RSA with AES-CBC-SHA and 3DES: what TLS 1.0/1.1 servers actually offer.
  private static final int[] SUITES = {
    0xC013, 0xC014, 0xC009, 0xC00A, 0x0033, 0x0039, 0x002F, 0x0035, 0x000A
  };

  /**
   * A ClientHello (in its record) offering TLS 1.0 and 1.1 only, with SNI when {@code sni} is a
   * name.
   */
  public static byte[] clientHello(String sni) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.write(3);
    body.write(2); // client_version TLS 1.1: the highest offered
    byte[] random = new byte[32];
    new SecureRandom().nextBytes(random);
    body.writeBytes(random);
    body.write(0); // no session id
    u16(body, SUITES.length * 2);
    for (int s : SUITES) {
      u16(body, s);
    }
    body.write(1);
    body.write(0); // null compression
    ByteArrayOutputStream ext = new ByteArrayOutputStream();
    if (sni != null && sni.contains(".") && !sni.matches("[0-9.]+") && !sni.contains(":")) {
      byte[] name = sni.getBytes(StandardCharsets.US_ASCII);
      u16(ext, 0x0000);
      u16(ext, name.length + 5);
      u16(ext, name.length + 3);
      ext.write(0);
      u16(ext, name.length);
      ext.writeBytes(name);
    }
    u16(ext, 0x000a); // supported_groups: secp256r1, secp384r1, x25519
    u16(ext, 8);
    u16(ext, 6);
    u16(ext, 0x0017);
    u16(ext, 0x0018);
    u16(ext, 0x001d);
    u16(ext, 0x000b); // ec_point_formats: uncompressed
    u16(ext, 2);
    ext.write(1);
    ext.write(0);
    u16(ext, 0xff01); // renegotiation_info (empty)
    u16(ext, 1);
    ext.write(0);
    u16(body, ext.size());
    body.writeBytes(ext.toByteArray());

    ByteArrayOutputStream hs = new ByteArrayOutputStream();
    hs.write(1); // client_hello
    u24(hs, body.size());
    hs.writeBytes(body.toByteArray());
    ByteArrayOutputStream rec = new ByteArrayOutputStream();
    rec.write(22);
    rec.write(3);
    rec.write(1);
    u16(rec, hs.size());
    rec.writeBytes(hs.toByteArray());
    return rec.toByteArray();
  }

  /** Reads the server's first TLS record and decides. */
  public static Outcome read(InputStream in) throws IOException {
    DataInputStream d = new DataInputStream(in);
    int type;
    try {
      type = d.readUnsignedByte();
    } catch (EOFException e) {
      return new Outcome.Refused("connection closed");
    }
    byte[] header = new byte[4];
    try {
      d.readFully(header);
    } catch (EOFException e) {
      return new Outcome.Inconclusive("truncated TLS record");
    }
    int length = ((header[2] & 0xff) << 8) | (header[3] & 0xff);
    if (header[0] != 3 || length > 18432) {
      return new Outcome.Inconclusive(
          "not a TLS record (first bytes: " + printable(type, header) + ")");
    }
    byte[] payload = new byte[length];
    try {
      d.readFully(payload);
    } catch (EOFException e) {
      return new Outcome.Inconclusive("truncated TLS record");
    }
    if (type == 21) {
      int desc = payload.length > 1 ? payload[1] & 0xff : -1;
      return new Outcome.Refused("alert " + alert(desc));
    }
    if (type == 22 && payload.length >= 6 && payload[0] == 2) {
      int major = payload[4] & 0xff;
      int minor = payload[5] & 0xff;
      if (major == 3 && (minor == 1 || minor == 2)) {
        return new Outcome.Accepted(minor == 1 ? "TLSv1" : "TLSv1.1");
      }
      if (major == 3 && minor == 0) {
        return new Outcome.Accepted("SSLv3");
      }
      return new Outcome.Refused(
          "ServerHello with version " + major + "." + minor + " (not what was offered)");
    }
    return new Outcome.Inconclusive("unexpected TLS record type " + type);
  }

  /** Sends the hello on a connection already past its STARTTLS preamble, and reads the answer. */
  static Outcome probe(InputStream in, OutputStream out, String sni) {
    try {
      out.write(clientHello(sni));
      out.flush();
      return read(in);
    } catch (SocketTimeoutException e) {
      return new Outcome.Inconclusive("no answer to the ClientHello");
    } catch (IOException e) {
      // a reset right after the hello is the usual way of refusing
      return new Outcome.Refused("connection reset (" + e.getMessage() + ")");
    }
  }

  private static String alert(int desc) {
    return switch (desc) {
      case 40 -> "handshake_failure";
      case 70 -> "protocol_version";
      case 71 -> "insufficient_security";
      case 80 -> "internal_error";
      case 112 -> "unrecognized_name";
      default -> String.valueOf(desc);
    };
  }

  private static String printable(int type, byte[] header) {
    byte[] all = new byte[5];
    all[0] = (byte) type;
    System.arraycopy(header, 0, all, 1, 4);
    return new String(all, StandardCharsets.ISO_8859_1).replaceAll("[^\\x20-\\x7e]", ".");
  }

  private static void u16(ByteArrayOutputStream o, int v) {
    o.write((v >> 8) & 0xff);
    o.write(v & 0xff);
  }

  private static void u24(ByteArrayOutputStream o, int v) {
    o.write((v >> 16) & 0xff);
    u16(o, v & 0xffff);
  }
}
