package org.sockstap.protocols.pop;

import java.nio.ByteBuffer;
import java.util.Set;
import org.sockstap.api.Detection;
import org.sockstap.api.DetectionInput;
import org.sockstap.api.ProtocolDetector;
import org.sockstap.api.text.Lines;

/**
 * Recognises POP3 (RFC 1939) from the server's greeting.
 *
 * <p>POP3 is server-first: a client that speaks before the server has said anything is not a POP3
 * client. The greeting must be one line that starts with {@code +OK} (any case) followed by a
 * space or the line end, and ends with CRLF or LF within 512 bytes: {@code +OK Dovecot ready.}.
 * Anything else, including a {@code -ERR} greeting, is not POP3. The verdict rejects as soon as
 * the first bytes differ, and accepts only once the line is complete.
 *
 * <p>Stateless and thread-safe; found through {@link java.util.ServiceLoader}.
 */
public final class Pop3Detector implements ProtocolDetector {

  /** The longest greeting line accepted, line end included (RFC 2449's response limit). */
  static final int LINE_CAP = 512;

  private static final String STATUS = "+ok";
  private static final Set<Integer> PORTS = Set.of(110);

  /** Creates the detector; it keeps no state, so one instance serves every connection. */
  public Pop3Detector() {}

  /**
   * Returns {@code "pop3"}.
   *
   * @return {@code "pop3"}
   */
  @Override
  public String protocol() {
    return "pop3";
  }

  /**
   * Examines the first line of the server's greeting.
   *
   * @param input the bytes from both sides
   * @return {@link Detection#RECOGNISED} for a complete {@code +OK} greeting,
   *     {@link Detection#NEED_SERVER_BYTES} while it could still become one, otherwise
   *     {@link Detection#NOT_RECOGNISED}
   */
  @Override
  public Detection detect(DetectionInput input) {
    Detection silent = Lines.beforeGreeting(input);
    if (silent != null) {
      return silent;
    }
    ByteBuffer server = input.server().slice();
    int available = server.limit();
    for (int i = 0; i < STATUS.length() && i < available; i++) {
      if (Lines.toLower(server.get(i)) != STATUS.charAt(i)) {
        return Detection.NOT_RECOGNISED;
      }
    }
    if (available > STATUS.length()) {
      int after = server.get(STATUS.length());
      if (after != ' ' && after != '\r' && after != '\n') {
        return Detection.NOT_RECOGNISED;
      }
    }
    int end = Lines.end(server, 0, Math.min(available, LINE_CAP));
    if (end == Lines.MALFORMED) {
      return Detection.NOT_RECOGNISED;
    }
    if (end == Lines.NEED_MORE) {
      return available >= LINE_CAP || input.serverEnded()
          ? Detection.NOT_RECOGNISED
          : Detection.NEED_SERVER_BYTES;
    }
    return Detection.RECOGNISED;
  }

  /**
   * Returns port 110, POP3's port.
   *
   * @return {@code [110]}
   */
  @Override
  public Set<Integer> wellKnownPorts() {
    return PORTS;
  }
}
