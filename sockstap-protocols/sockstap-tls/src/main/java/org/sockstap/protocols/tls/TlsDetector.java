package org.sockstap.protocols.tls;

import java.nio.ByteBuffer;
import java.util.Set;
import org.sockstap.api.Detection;
import org.sockstap.api.DetectionInput;
import org.sockstap.api.ProtocolDetector;

/**
 * Recognises TLS (and SSL 3.0) from the client's first bytes: a handshake record header
 * ({@code 16 03 00}..{@code 16 03 04}, a length of 1 to 2<sup>14</sup>+256) followed by the
 * ClientHello handshake type ({@code 01}).
 *
 * <p>Those six bytes decide: the detector does not wait for the whole ClientHello, which can be
 * larger than the bytes the engine keeps during detection; {@link TlsHandler} reads the rest.
 * Fewer bytes that start such a header ask for more; anything else, a server that speaks first,
 * or a client that closes before six bytes, is not TLS. An SSLv2-compatible ClientHello is not
 * recognised (see {@link ClientHelloParser}). The verdict is the one {@link ClientHelloParser}
 * reaches on the same bytes, so the two cannot disagree.
 *
 * <p>Stateless and thread-safe; found through {@link java.util.ServiceLoader}.
 */
public final class TlsDetector implements ProtocolDetector {

  private static final Set<Integer> PORTS = Set.of(443, 465, 853, 993, 995, 8443);

  /** Creates the detector; it keeps no state, so one instance serves every connection. */
  public TlsDetector() {}

  /**
   * Returns {@code "tls"}.
   *
   * @return {@code "tls"}
   */
  @Override
  public String protocol() {
    return "tls";
  }

  /**
   * Examines the client's first six bytes.
   *
   * @param input the bytes from both sides
   * @return {@link Detection#RECOGNISED} for a record header and handshake type of a
   *     ClientHello, {@link Detection#NEED_CLIENT_BYTES} while fewer bytes start one, otherwise
   *     {@link Detection#NOT_RECOGNISED}
   */
  @Override
  public Detection detect(DetectionInput input) {
    if (input.server().hasRemaining()) {
      return Detection.NOT_RECOGNISED; // a TLS server never speaks first
    }
    ByteBuffer client = input.client();
    switch (ClientHelloParser.start(client, client.position(), client.remaining())) {
      case CLIENT_HELLO:
        return Detection.RECOGNISED;
      case NEED_MORE:
        return input.clientEnded() ? Detection.NOT_RECOGNISED : Detection.NEED_CLIENT_BYTES;
      default:
        return Detection.NOT_RECOGNISED;
    }
  }

  /**
   * Returns the usual TLS ports: HTTPS (443, 8443), SMTPS submission (465), DNS over TLS (853),
   * IMAPS (993) and POP3S (995).
   *
   * @return {@code [443, 465, 853, 993, 995, 8443]}
   */
  @Override
  public Set<Integer> wellKnownPorts() {
    return PORTS;
  }
}
