package org.sockstap.protocols.nntp;

import java.nio.ByteBuffer;
import java.util.Set;
import org.sockstap.api.Detection;
import org.sockstap.api.DetectionInput;
import org.sockstap.api.ProtocolDetector;
import org.sockstap.api.text.Lines;

/**
 * Recognises NNTP (RFC 3977) from the server's greeting.
 *
 * <p>NNTP is server-first: a client that speaks before the server has said anything is not an NNTP
 * client. The greeting is a single line (a hyphen after the code is not NNTP) of exactly three
 * digits, a space and text, ending with CRLF or LF within 512 bytes:
 *
 * <ul>
 *   <li>{@code 200} (posting allowed) and {@code 201} (no posting) are NNTP: neither FTP nor SMTP
 *       greets with them.
 *   <li>{@code 400} (service temporarily unavailable) and {@code 502} (service permanently
 *       unavailable) are NNTP only when the text names news software or a news host, since these
 *       codes carry no other evidence: a word, or a label of a host name, that starts with
 *       {@code news}, {@code nntp} or {@code nnrp}, or is {@code inn}, {@code innd},
 *       {@code internetnews}, {@code leafnode} or {@code usenet}, in any case.
 *   <li>Anything else is not NNTP.
 * </ul>
 *
 * <p>Stateless and thread-safe; found through {@link java.util.ServiceLoader}.
 */
public final class NntpDetector implements ProtocolDetector {

  /** The longest greeting line accepted, line end included (RFC 3977's response limit). */
  static final int LINE_CAP = 512;

  private static final String[] PREFIXES = {"news", "nntp", "nnrp"};
  private static final String[] WORDS = {"inn", "innd", "internetnews", "leafnode", "usenet"};
  private static final Set<Integer> PORTS = Set.of(119);

  /** Creates the detector; it keeps no state, so one instance serves every connection. */
  public NntpDetector() {}

  /**
   * Returns {@code "nntp"}.
   *
   * @return {@code "nntp"}
   */
  @Override
  public String protocol() {
    return "nntp";
  }

  /**
   * Examines the server's greeting line.
   *
   * @param input the bytes from both sides
   * @return {@link Detection#RECOGNISED} for a complete NNTP greeting,
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
    int code = Lines.replyCode(server, 0);
    if (code == Lines.NEED_MORE) {
      return input.serverEnded() ? Detection.NOT_RECOGNISED : Detection.NEED_SERVER_BYTES;
    }
    if ((code != 200 && code != 201 && code != 400 && code != 502)
        || Lines.continues(server, 0)) {
      return Detection.NOT_RECOGNISED;
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
    if (code == 200 || code == 201 || namesNews(server, 4, end)) {
      return Detection.RECOGNISED;
    }
    return Detection.NOT_RECOGNISED;
  }

  /**
   * Returns port 119, NNTP's port. Port 563 (NNTP over TLS) is left out, since its bytes are TLS;
   * 433 is NNSP, a different protocol.
   *
   * @return {@code [119]}
   */
  @Override
  public Set<Integer> wellKnownPorts() {
    return PORTS;
  }

  /** Returns whether the text names news software or a news host, word by word. */
  private static boolean namesNews(ByteBuffer in, int from, int to) {
    int i = from;
    while (i < to) {
      if (!Lines.isAlphanumeric(in.get(i))) {
        i++;
        continue;
      }
      int start = i;
      while (i < to && Lines.isAlphanumeric(in.get(i))) {
        i++;
      }
      for (String prefix : PREFIXES) {
        if (Lines.startsWithIgnoreCase(in, start, i, prefix)) {
          return true;
        }
      }
      for (String word : WORDS) {
        if (Lines.equalsIgnoreCase(in, start, i, word)) {
          return true;
        }
      }
    }
    return false;
  }
}
