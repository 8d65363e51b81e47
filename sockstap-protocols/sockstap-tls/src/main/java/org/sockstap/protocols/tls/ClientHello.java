package org.sockstap.protocols.tls;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What SocksTap reads from a TLS ClientHello (RFC 8446 §4.1.2, RFC 5246 §7.4.1.2): enough to log
 * and police the connection, nothing that would let it take part in the handshake.
 *
 * @param recordVersion the record layer's version of the first record, for example {@code 0x0301}
 * @param handshakeVersion the ClientHello's {@code legacy_version} ({@code client_version} before
 *     TLS 1.3), for example {@code 0x0303}
 * @param offeredVersion the highest version the client offers: the highest entry of its
 *     {@code supported_versions} extension (RFC 8446 §4.2.1), GREASE values skipped, or the
 *     handshake version when it sends none
 * @param serverName the {@code host_name} of the {@code server_name} extension (RFC 6066 §3) as
 *     sent, or {@code null} when there is none or it is malformed
 * @param malformedSni whether a {@code host_name} was sent but was not a plausible DNS name
 *     (letters, digits, {@code -}, {@code _} and {@code .}, no empty label, at most 255 bytes)
 * @param alpn the protocols of the ALPN extension (RFC 7301) in the client's order: only
 *     printable ASCII ones, at most {@link ClientHelloParser#MAX_ALPN_PROTOCOLS}; empty when none
 * @param length how many bytes the records carrying the ClientHello take on the wire, headers
 *     included: exactly what a proxy must forward before it relays the rest
 * @param records how many records carried it
 */
public record ClientHello(
    int recordVersion,
    int handshakeVersion,
    int offeredVersion,
    @Nullable String serverName,
    boolean malformedSni,
    List<String> alpn,
    int length,
    int records) {

  /** Copies the ALPN list and checks the counts. */
  public ClientHello {
    alpn = List.copyOf(Objects.requireNonNull(alpn, "alpn"));
    if (length < 1 || records < 1) {
      throw new IllegalArgumentException(
          "length/records: " + length + "/" + records + " (expected: >= 1)");
    }
  }

  /**
   * Returns the name of the highest version the client offers.
   *
   * @return for example {@code TLS1.3}; see {@link #versionName(int)}
   */
  public String offeredVersionName() {
    return versionName(offeredVersion);
  }

  /**
   * Names a protocol version as logs show it.
   *
   * @param version a two-byte version, for example {@code 0x0304}
   * @return {@code SSL3.0}, {@code TLS1.0} to {@code TLS1.3}, or four hex digits such as
   *     {@code 0x7f1c} for anything else
   */
  public static String versionName(int version) {
    switch (version) {
      case 0x0300:
        return "SSL3.0";
      case 0x0301:
        return "TLS1.0";
      case 0x0302:
        return "TLS1.1";
      case 0x0303:
        return "TLS1.2";
      case 0x0304:
        return "TLS1.3";
      default:
        return String.format("0x%04x", version & 0xffff);
    }
  }
}
