package org.sockstap.protocols.tls;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Reads a TLS ClientHello from the first bytes a client sends: the record layout of RFC 5246
 * §6.2.1, the ClientHello of RFC 8446 §4.1.2 (and RFC 5246 §7.4.1.2), the {@code server_name}
 * extension of RFC 6066 §3 and the ALPN extension of RFC 7301.
 *
 * <p>The ClientHello is reassembled across TCP segments (the caller passes whatever it has and is
 * told how many more bytes it needs) and across TLS records: a handshake message may be split over
 * several records of type 22, and large ClientHellos (post-quantum key shares make them 1.8 KB
 * and more) sometimes are. The answer is one of
 *
 * <ul>
 *   <li>{@link Status#NEED_MORE}: everything so far fits; {@link Result#bytesNeeded()} more bytes
 *       at least are needed. That count never reaches past the records that carry the ClientHello,
 *       so a reader that reads exactly that many bytes and asks again never consumes a byte that
 *       follows the ClientHello.
 *   <li>{@link Status#NOT_TLS}: the first bytes are not a TLS record carrying a ClientHello.
 *   <li>{@link Status#MALFORMED}: they start like one but break the rules (or the bounds) later;
 *       {@link Result#reason()} says how.
 *   <li>{@link Status#PARSED}: a complete ClientHello, in {@link Result#clientHello()}.
 * </ul>
 *
 * <p>Decisions, where the RFCs leave room:
 *
 * <ul>
 *   <li>Record versions {@code 0x0300} to {@code 0x0304} are accepted, SSL 3.0 included: some TLS
 *       1.0 clients sent {@code 0x0300} in the record layer, the layout is the same, and SocksTap
 *       only observes (the server decides whether it speaks SSL 3.0). The ClientHello's own
 *       {@code legacy_version} must have major version 3.
 *   <li>An SSLv2-compatible ClientHello (first byte with the high bit set, RFC 5246 Appendix
 *       E.2) is {@link Status#NOT_TLS}: no current client sends one, and it carries no SNI.
 *   <li>Bounds: a record holds 1 to 2<sup>14</sup>+256 bytes (zero-length handshake fragments
 *       are forbidden by RFC 8446 §5.1), the handshake message at most {@link
 *       #MAX_HANDSHAKE_LENGTH} bytes, in at most {@link #MAX_RECORDS} records.
 *   <li>The record that ends the ClientHello must end with it: data after it in the same record
 *       is {@link Status#MALFORMED} (nothing may follow a ClientHello before the server answers,
 *       and such data is how a proxy and a server could be made to disagree).
 *   <li>Every length is checked against what is left of its enclosing structure, and the
 *       extensions must fill the rest of the message exactly. A second {@code server_name},
 *       {@code application_layer_protocol_negotiation} or {@code supported_versions} extension,
 *       or a second {@code host_name} in the server name list, is {@link Status#MALFORMED}: a
 *       server might use the other one than SocksTap (RFC 8446 §4.2 and RFC 6066 §3 forbid
 *       them). Other extensions are skipped unread, duplicates among them unchecked.
 *   <li>A {@code host_name} that is not a plausible DNS name is reported as absent with {@link
 *       ClientHello#malformedSni()} set, rather than failing the whole ClientHello. ALPN names
 *       with bytes outside printable ASCII are left out of the list (an empty name is malformed).
 * </ul>
 *
 * <p>Static and thread-safe. Never throws on hostile input; the work is linear in the bytes
 * examined except that a ClientHello spread over many records is walked once per call (bounded
 * by {@link #MAX_RECORDS}). Allocates a result, and a copy of the message only when it spans
 * records.
 */
public final class ClientHelloParser {

  /** Bytes in a TLS record header: content type, version, length. */
  public static final int RECORD_HEADER_LENGTH = 5;

  /** The largest record accepted: 2<sup>14</sup> bytes of plaintext plus 256 of slack. */
  public static final int MAX_RECORD_LENGTH = (1 << 14) + 256;

  /** The largest ClientHello handshake message accepted, its 4-byte header included: 64 KiB. */
  public static final int MAX_HANDSHAKE_LENGTH = 64 * 1024;

  /** The most records a ClientHello may be spread over. */
  public static final int MAX_RECORDS = 1024;

  /** The most bytes the records carrying an acceptable ClientHello can take on the wire. */
  public static final int MAX_WIRE_LENGTH =
      MAX_HANDSHAKE_LENGTH + MAX_RECORDS * RECORD_HEADER_LENGTH;

  /** The most ALPN protocol names kept. */
  public static final int MAX_ALPN_PROTOCOLS = 16;

  /** The longest host name accepted in {@code server_name}. */
  public static final int MAX_HOST_NAME_LENGTH = 255;

  static final int CONTENT_TYPE_HANDSHAKE = 22;
  static final int HANDSHAKE_CLIENT_HELLO = 1;
  /** Bytes a detector needs to see: a record header and the handshake type. */
  static final int TELLING_PREFIX = RECORD_HEADER_LENGTH + 1;

  private static final int HANDSHAKE_HEADER_LENGTH = 4;
  private static final int EXT_SERVER_NAME = 0;
  private static final int EXT_ALPN = 16;
  private static final int EXT_SUPPORTED_VERSIONS = 43;
  private static final int NAME_TYPE_HOST_NAME = 0;
  private static final Result NOT_TLS =
      new Result(Status.NOT_TLS, 0, null, "not a TLS handshake record carrying a ClientHello");

  private ClientHelloParser() {}

  /** What {@link #parse} concluded. */
  public enum Status {
    /** The bytes so far are a valid start; more are needed. */
    NEED_MORE,
    /** The bytes are not a TLS ClientHello. */
    NOT_TLS,
    /** The bytes start like a ClientHello but break its rules or SocksTap's bounds. */
    MALFORMED,
    /** A complete ClientHello was read. */
    PARSED
  }

  /**
   * The answer of {@link #parse}.
   *
   * @param status what was concluded
   * @param bytesNeeded for {@link Status#NEED_MORE}, how many more bytes are needed at least
   *     (never more than the ClientHello's records still hold); 0 otherwise
   * @param clientHello for {@link Status#PARSED}, the ClientHello; null otherwise
   * @param reason why, for logs: empty when parsed, else a short description
   */
  public record Result(
      Status status, int bytesNeeded, @Nullable ClientHello clientHello, String reason) {

    /** Checks that the fields fit the status. */
    public Result {
      Objects.requireNonNull(status, "status");
      Objects.requireNonNull(reason, "reason");
      if ((status == Status.NEED_MORE) != (bytesNeeded > 0) || bytesNeeded < 0) {
        throw new IllegalArgumentException(
            "bytesNeeded: " + bytesNeeded + " (expected: > 0 exactly when " + status
                + " is NEED_MORE)");
      }
      if ((status == Status.PARSED) != (clientHello != null)) {
        throw new IllegalArgumentException(
            "clientHello: " + clientHello + " (expected: present exactly when PARSED)");
      }
    }
  }

  /** How the first bytes of a connection look; shared with the detector so they agree. */
  enum Start {
    NEED_MORE,
    CLIENT_HELLO,
    NOT_CLIENT_HELLO
  }

  /**
   * Parses the bytes from the buffer's position to its limit, leaving the buffer untouched.
   *
   * @param bytes the client's first bytes (may be read-only)
   * @return the answer
   */
  public static Result parse(ByteBuffer bytes) {
    Objects.requireNonNull(bytes, "bytes");
    return parse(bytes, bytes.position(), bytes.limit());
  }

  /**
   * Parses {@code length} bytes of an array from {@code offset}.
   *
   * @param bytes the client's first bytes
   * @param offset where they start
   * @param length how many there are
   * @return the answer
   * @throws IndexOutOfBoundsException when the range is outside the array
   */
  public static Result parse(byte[] bytes, int offset, int length) {
    Objects.checkFromIndexSize(offset, length, bytes.length);
    return parse(ByteBuffer.wrap(bytes), offset, offset + length);
  }

  /**
   * Judges the first bytes of a connection: whether they start a TLS record carrying a
   * ClientHello, which {@link #TELLING_PREFIX} bytes decide.
   *
   * @param b the bytes
   * @param from the first byte's index
   * @param available how many bytes there are
   * @return the verdict
   */
  static Start start(ByteBuffer b, int from, int available) {
    if (!headerPrefixFits(b, from, Math.min(available, RECORD_HEADER_LENGTH))) {
      return Start.NOT_CLIENT_HELLO;
    }
    if (available < TELLING_PREFIX) {
      return Start.NEED_MORE;
    }
    return u8(b, from + RECORD_HEADER_LENGTH) == HANDSHAKE_CLIENT_HELLO
        ? Start.CLIENT_HELLO
        : Start.NOT_CLIENT_HELLO;
  }

  /** Whether the first {@code n} (at most 5) bytes can start a handshake record header. */
  private static boolean headerPrefixFits(ByteBuffer b, int at, int n) {
    if (n > 0 && u8(b, at) != CONTENT_TYPE_HANDSHAKE) {
      return false;
    }
    if (n > 1 && u8(b, at + 1) != 3) {
      return false;
    }
    if (n > 2 && u8(b, at + 2) > 4) {
      return false;
    }
    if (n > 3 && u8(b, at + 3) > MAX_RECORD_LENGTH >> 8) {
      return false;
    }
    if (n > 4) {
      int length = u16(b, at + 3);
      return length >= 1 && length <= MAX_RECORD_LENGTH;
    }
    return true;
  }

  private static Result parse(ByteBuffer b, int base, int end) {
    if (start(b, base, end - base) == Start.NOT_CLIENT_HELLO) {
      return NOT_TLS;
    }
    int recordStart = base;
    int records = 0;
    int handshakeSeen = 0; // handshake bytes in the complete records before recordStart
    int bodyLength = -1; // the ClientHello body's length, once its header has been seen
    int header = 0;
    while (true) {
      if (records == MAX_RECORDS) {
        // checked before asking for another header, so a reader never goes past the bound
        return malformed("records: more than " + MAX_RECORDS + " (expected: fewer)");
      }
      int available = end - recordStart;
      if (available < RECORD_HEADER_LENGTH) {
        if (records > 0 && !headerPrefixFits(b, recordStart, available)) {
          return malformed("record " + (records + 1) + ": not a handshake record continuing it");
        }
        return needMore(RECORD_HEADER_LENGTH - available);
      }
      int length = u16(b, recordStart + 3);
      if (records > 0 && !headerPrefixFits(b, recordStart, RECORD_HEADER_LENGTH)) {
        return malformed(String.format(
            "record %d: type %d, version 0x%04x, length %d (expected: a handshake record "
                + "continuing the ClientHello)",
            records + 1, u8(b, recordStart), u16(b, recordStart + 1), length));
      }
      records++;
      int body = recordStart + RECORD_HEADER_LENGTH;
      int inBody = Math.min(length, end - body);
      // the 4-byte handshake header may itself be split across records
      for (int i = 0; bodyLength < 0 && i < inBody; i++) {
        header = header << 8 | u8(b, body + i);
        if (handshakeSeen + i == HANDSHAKE_HEADER_LENGTH - 1) {
          bodyLength = header & 0xffffff;
          if (bodyLength > MAX_HANDSHAKE_LENGTH - HANDSHAKE_HEADER_LENGTH) {
            return malformed("ClientHello length: " + bodyLength + " (expected: at most "
                + (MAX_HANDSHAKE_LENGTH - HANDSHAKE_HEADER_LENGTH) + ")");
          }
        }
      }
      int total = HANDSHAKE_HEADER_LENGTH + bodyLength;
      if (bodyLength >= 0 && handshakeSeen + length > total) {
        return malformed("record " + records + ": " + (handshakeSeen + length - total)
            + " bytes after the ClientHello (expected: none)");
      }
      if (inBody < length) {
        int headerLeft = HANDSHAKE_HEADER_LENGTH - handshakeSeen - inBody;
        // ask for no more than the header when that alone could prove the record wrong
        return needMore(bodyLength < 0 && headerLeft > 0
            ? Math.min(headerLeft, length - inBody)
            : length - inBody);
      }
      handshakeSeen += length;
      recordStart = body + length;
      if (bodyLength >= 0 && handshakeSeen == total) {
        break;
      }
    }
    int wire = recordStart - base;
    int recordVersion = u16(b, base + 1);
    if (records == 1) {
      int from = base + RECORD_HEADER_LENGTH + HANDSHAKE_HEADER_LENGTH;
      return new Body(b, from, from + bodyLength).parse(recordVersion, wire, records);
    }
    byte[] message = gather(b, base, records, bodyLength);
    return new Body(ByteBuffer.wrap(message), 0, message.length)
        .parse(recordVersion, wire, records);
  }

  /** Copies the ClientHello body out of its records, skipping record and handshake headers. */
  private static byte[] gather(ByteBuffer b, int base, int records, int bodyLength) {
    byte[] message = new byte[bodyLength];
    int skip = HANDSHAKE_HEADER_LENGTH;
    int filled = 0;
    int at = base;
    for (int r = 0; r < records; r++) {
      int length = u16(b, at + 3);
      int from = at + RECORD_HEADER_LENGTH;
      int dropped = Math.min(skip, length);
      skip -= dropped;
      b.get(from + dropped, message, filled, length - dropped);
      filled += length - dropped;
      at = from + length;
    }
    return message;
  }

  private static Result needMore(int bytes) {
    return new Result(Status.NEED_MORE, bytes, null, "incomplete");
  }

  private static Result malformed(String reason) {
    return new Result(Status.MALFORMED, 0, null, reason);
  }

  static int u8(ByteBuffer b, int at) {
    return b.get(at) & 0xff;
  }

  static int u16(ByteBuffer b, int at) {
    return (b.get(at) & 0xff) << 8 | (b.get(at + 1) & 0xff);
  }

  /** Whether a two-byte value is a GREASE value (RFC 8701), {@code 0x?a?a} with equal bytes. */
  static boolean isGrease(int value) {
    return (value & 0x0f0f) == 0x0a0a && (value >> 8) == (value & 0xff);
  }

  /** The walk over one complete ClientHello body; collects what it finds. */
  private static final class Body {
    private final ByteBuffer b;
    private final int end;
    private int p;
    private @Nullable String serverName;
    private boolean malformedSni;
    private final List<String> alpn = new ArrayList<>(2);
    private int highestVersion = -1;

    Body(ByteBuffer b, int from, int end) {
      this.b = b;
      this.p = from;
      this.end = end;
    }

    Result parse(int recordVersion, int wire, int records) {
      if (end - p < 2 + 32 + 1) {
        return malformed("ClientHello body: " + (end - p) + " bytes (expected: at least 35)");
      }
      int legacyVersion = u16(b, p);
      if (legacyVersion >> 8 != 3) {
        return malformed(String.format("legacy_version: 0x%04x (expected: 0x03xx)",
            legacyVersion));
      }
      p += 2 + 32;
      String error = skipVector("legacy_session_id", 1, 0, 32, 1);
      if (error == null) {
        error = skipVector("cipher_suites", 2, 2, 0xfffe, 2);
      }
      if (error == null) {
        error = skipVector("legacy_compression_methods", 1, 1, 0xff, 1);
      }
      if (error == null && p < end) {
        error = extensions();
      }
      if (error != null) {
        return malformed(error);
      }
      int offered = highestVersion >= 0 ? highestVersion : legacyVersion;
      ClientHello hello = new ClientHello(recordVersion, legacyVersion, offered, serverName,
          malformedSni, alpn, wire, records);
      return new Result(Status.PARSED, 0, hello, "");
    }

    /** Skips a vector with a {@code lengthBytes}-byte length; returns an error or null. */
    private @Nullable String skipVector(String name, int lengthBytes, int min, int max,
        int unit) {
      if (end - p < lengthBytes) {
        return name + ": truncated length (expected: " + lengthBytes + " bytes)";
      }
      int length = lengthBytes == 1 ? u8(b, p) : u16(b, p);
      p += lengthBytes;
      if (length < min || length > max || length % unit != 0 || length > end - p) {
        return name + " length: " + length + " (expected: " + min + "-" + max
            + (unit > 1 ? ", a multiple of " + unit : "") + ", within the " + (end - p)
            + " bytes left)";
      }
      p += length;
      return null;
    }

    private @Nullable String extensions() {
      if (end - p < 2) {
        return "extensions: truncated length (expected: 2 bytes)";
      }
      int length = u16(b, p);
      p += 2;
      if (length != end - p) {
        return "extensions length: " + length + " (expected: the " + (end - p) + " bytes left)";
      }
      boolean sni = false;
      boolean alpnSeen = false;
      boolean versions = false;
      while (p < end) {
        if (end - p < 4) {
          return "extension header: " + (end - p) + " bytes (expected: 4)";
        }
        int type = u16(b, p);
        int size = u16(b, p + 2);
        p += 4;
        if (size > end - p) {
          return "extension " + type + " length: " + size + " (expected: within the " + (end - p)
              + " bytes left)";
        }
        String error = null;
        if (type == EXT_SERVER_NAME) {
          error = sni ? "server_name: sent twice" : serverName(p, p + size);
          sni = true;
        } else if (type == EXT_ALPN) {
          error = alpnSeen ? "application_layer_protocol_negotiation: sent twice"
              : alpn(p, p + size);
          alpnSeen = true;
        } else if (type == EXT_SUPPORTED_VERSIONS) {
          error = versions ? "supported_versions: sent twice" : supportedVersions(p, p + size);
          versions = true;
        }
        if (error != null) {
          return error;
        }
        p += size;
      }
      return null;
    }

    private @Nullable String serverName(int at, int limit) {
      if (limit - at < 2 || u16(b, at) != limit - at - 2 || u16(b, at) == 0) {
        return "server_name_list length: " + (limit - at < 2 ? "truncated" : u16(b, at))
            + " (expected: at least 1, filling the extension)";
      }
      at += 2;
      boolean hostName = false;
      while (at < limit) {
        if (limit - at < 3) {
          return "server_name entry: " + (limit - at) + " bytes (expected: at least 3)";
        }
        int type = u8(b, at);
        int length = u16(b, at + 1);
        at += 3;
        if (length < 1 || length > limit - at) {
          return "host name length: " + length + " (expected: at least 1, within the "
              + (limit - at) + " bytes left)";
        }
        if (type == NAME_TYPE_HOST_NAME) {
          if (hostName) {
            return "server_name: two host_name entries (expected: one)";
          }
          hostName = true;
          if (plausibleHostName(at, length)) {
            serverName = ascii(at, length);
          } else {
            malformedSni = true;
          }
        }
        at += length;
      }
      return null;
    }

    /** Letters, digits, '-', '_' and '.', at most 255 bytes, no empty label but a final dot. */
    private boolean plausibleHostName(int at, int length) {
      if (length > MAX_HOST_NAME_LENGTH) {
        return false;
      }
      int label = 0;
      for (int i = 0; i < length; i++) {
        int c = u8(b, at + i);
        if (c == '.') {
          if (label == 0) {
            return false;
          }
          label = 0;
        } else if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
            || c == '-' || c == '_') {
          if (++label > 63) {
            return false;
          }
        } else {
          return false;
        }
      }
      return true;
    }

    private @Nullable String alpn(int at, int limit) {
      if (limit - at < 2 || u16(b, at) != limit - at - 2 || u16(b, at) < 2) {
        return "protocol_name_list length: " + (limit - at < 2 ? "truncated" : u16(b, at))
            + " (expected: at least 2, filling the extension)";
      }
      at += 2;
      while (at < limit) {
        int length = u8(b, at++);
        if (length < 1 || length > limit - at) {
          return "ALPN protocol name length: " + length + " (expected: at least 1, within the "
              + (limit - at) + " bytes left)";
        }
        if (alpn.size() < MAX_ALPN_PROTOCOLS && printable(at, length)) {
          alpn.add(ascii(at, length));
        }
        at += length;
      }
      return null;
    }

    private @Nullable String supportedVersions(int at, int limit) {
      int length = limit - at < 1 ? -1 : u8(b, at);
      if (length < 2 || length % 2 != 0 || length != limit - at - 1) {
        return "supported_versions length: " + length + " (expected: 2-254, even, filling the "
            + "extension)";
      }
      for (int i = at + 1; i < limit; i += 2) {
        int version = u16(b, i);
        if (!isGrease(version) && version > highestVersion) {
          highestVersion = version;
        }
      }
      return null;
    }

    private boolean printable(int at, int length) {
      for (int i = 0; i < length; i++) {
        int c = u8(b, at + i);
        if (c < 0x21 || c > 0x7e) {
          return false;
        }
      }
      return true;
    }

    private String ascii(int at, int length) {
      char[] chars = new char[length];
      for (int i = 0; i < length; i++) {
        chars[i] = (char) u8(b, at + i);
      }
      return new String(chars);
    }
  }
}
