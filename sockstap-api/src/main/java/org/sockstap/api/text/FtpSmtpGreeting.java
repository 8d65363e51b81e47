package org.sockstap.api.text;

import java.nio.ByteBuffer;
import org.sockstap.api.Detection;
import org.sockstap.api.DetectionInput;

/**
 * Tells an FTP greeting from an SMTP greeting. Both protocols greet with {@code 220}, so the text
 * decides when it names its software, and otherwise {@link FirstCommand} decides from the client.
 *
 * <p>The rules, applied to complete lines only:
 *
 * <ul>
 *   <li>The first line must start with exactly three digits and a space or hyphen, with code 120,
 *       220, 421 or 554, and must end (CRLF or LF) within {@value #FIRST_LINE_CAP} bytes.
 *   <li>{@code 120} (ready in a few minutes) is FTP only; {@code 554} (no service here) is SMTP
 *       only.
 *   <li>For {@code 220} and {@code 421}, each line of the greeting in turn is searched for marker
 *       words; the first line whose markers all belong to one protocol decides. A line naming both
 *       decides nothing. The greeting ends at its single line, or at the line that opens with the
 *       same code followed by a space or the line end; if no line decided by then, the greeting is
 *       {@link Kind#EITHER}. So is a multi-line greeting still open after {@value #BANNER_CAP}
 *       bytes: inspection stops there.
 * </ul>
 *
 * <p>Words are runs of letters, digits, {@code .}, {@code -} and {@code _}, trimmed of leading and
 * trailing punctuation. A word that still holds a dot is a host name or a version
 * ({@code ftp.example.com}, {@code smtp.example.net}) and is ignored, since a mail server may well
 * run on a host called ftp. The other words are split at {@code -} and {@code _} and each part is
 * compared, ignoring case, with the markers: FTP {@code ftp ftpd ftps filezilla} and anything
 * ending in {@code ftpd} (vsFTPd, ProFTPD, Pure-FTPd); SMTP {@code smtp esmtp smtpd postfix exim
 * sendmail qmail haraka} and anything ending in {@code smtpd} (OpenSMTPD). Generic words such as
 * "mail" or "ready" are no evidence.
 */
public final class FtpSmtpGreeting {

  /** What the server's bytes so far say. */
  public enum Kind {
    /** The greeting is still incomplete and could be either. */
    NEED_MORE,
    /** Not an FTP or SMTP greeting. */
    NEITHER,
    /** An FTP greeting. */
    FTP,
    /** An SMTP greeting. */
    SMTP,
    /** A complete greeting that fits both; the client's first command decides. */
    EITHER
  }

  /** The longest first line accepted, line end included (RFC 5321's reply line limit). */
  public static final int FIRST_LINE_CAP = 512;

  /** How many bytes of a multi-line greeting are inspected at most. */
  public static final int BANNER_CAP = 4096;

  private static final String[] FTP_WORDS = {"ftp", "ftpd", "ftps", "filezilla"};
  private static final String FTP_SUFFIX = "ftpd";
  private static final String[] SMTP_WORDS = {
    "smtp", "esmtp", "smtpd", "postfix", "exim", "sendmail", "qmail", "haraka"
  };
  private static final String SMTP_SUFFIX = "smtpd";

  private FtpSmtpGreeting() {}

  /**
   * Classifies the server's bytes so far.
   *
   * @param server the server's bytes, first byte at index 0
   * @return what they say
   */
  public static Kind classify(ByteBuffer server) {
    int available = server.limit();
    int code = Lines.replyCode(server, 0);
    if (code == Lines.NEED_MORE) {
      return Kind.NEED_MORE;
    }
    if (code != 120 && code != 220 && code != 421 && code != 554) {
      return Kind.NEITHER;
    }
    int end = Lines.end(server, 0, Math.min(available, FIRST_LINE_CAP));
    if (end == Lines.MALFORMED) {
      return Kind.NEITHER;
    }
    if (end == Lines.NEED_MORE) {
      return available >= FIRST_LINE_CAP ? Kind.NEITHER : Kind.NEED_MORE;
    }
    if (code == 120) {
      return Kind.FTP;
    }
    if (code == 554) {
      return Kind.SMTP;
    }
    boolean multiLine = Lines.continues(server, 0);
    int limit = Math.min(available, BANNER_CAP);
    int start = 0;
    while (true) {
      Kind said = markers(server, start, end);
      if (said != Kind.EITHER) {
        return said;
      }
      if (!multiLine || (start > 0 && isLastLine(server, start, end, code))) {
        return Kind.EITHER;
      }
      start = end;
      end = Lines.end(server, start, limit);
      if (end == Lines.MALFORMED) {
        return Kind.NEITHER;
      }
      if (end == Lines.NEED_MORE) {
        return available >= BANNER_CAP ? Kind.EITHER : Kind.NEED_MORE;
      }
    }
  }

  /**
   * Returns whether a complete line closes a multi-line reply: the same code, then a space or the
   * line end (RFC 5321 allows {@code 220} alone on the last line; FTP servers put text there).
   */
  /**
   * Returns the verdict of the FTP or the SMTP detector, which must agree on every input: both
   * read the greeting, and when it fits both, the client's first command decides.
   *
   * @param wanted {@link Kind#FTP} for the FTP detector, {@link Kind#SMTP} for the SMTP one
   * @param input the bytes from both sides
   * @return {@link Detection#RECOGNISED} for the wanted protocol, {@link
   *     Detection#NEED_SERVER_BYTES} while the greeting is incomplete, {@link
   *     Detection#NEED_CLIENT_BYTES} while a greeting that fits both waits for a telling command,
   *     otherwise {@link Detection#NOT_RECOGNISED}
   */
  public static Detection verdict(Kind wanted, DetectionInput input) {
    if (wanted != Kind.FTP && wanted != Kind.SMTP) {
      throw new IllegalArgumentException("wanted: " + wanted + " (expected: FTP or SMTP)");
    }
    Detection silent = Lines.beforeGreeting(input);
    if (silent != null) {
      return silent;
    }
    ByteBuffer server = input.server().slice();
    Kind greeting = classify(server);
    if (greeting == Kind.NEED_MORE) {
      return input.serverEnded() ? Detection.NOT_RECOGNISED : Detection.NEED_SERVER_BYTES;
    }
    if (greeting != Kind.EITHER) {
      return greeting == wanted ? Detection.RECOGNISED : Detection.NOT_RECOGNISED;
    }
    FirstCommand.Kind command = FirstCommand.classify(input.client().slice(), input.clientEnded());
    switch (command) {
      case NEED_MORE:
      case EITHER:
        return Detection.NEED_CLIENT_BYTES;
      case FTP:
        return wanted == Kind.FTP ? Detection.RECOGNISED : Detection.NOT_RECOGNISED;
      case SMTP:
        return wanted == Kind.SMTP ? Detection.RECOGNISED : Detection.NOT_RECOGNISED;
      default:
        return Detection.NOT_RECOGNISED;
    }
  }

  private static boolean isLastLine(ByteBuffer in, int start, int end, int code) {
    if (end - start < 4) {
      return false;
    }
    for (int i = 2, rest = code; i >= 0; i--, rest /= 10) {
      if (in.get(start + i) != '0' + rest % 10) {
        return false;
      }
    }
    int after = in.get(start + 3);
    return after == ' ' || after == '\r' || after == '\n';
  }

  /** Searches one line for marker words: FTP or SMTP when only one protocol is named. */
  private static Kind markers(ByteBuffer in, int start, int end) {
    boolean ftp = false;
    boolean smtp = false;
    int i = start;
    while (i < end) {
      if (!isWordByte(in.get(i))) {
        i++;
        continue;
      }
      int wordStart = i;
      while (i < end && isWordByte(in.get(i))) {
        i++;
      }
      int from = wordStart;
      int to = i;
      while (from < to && !Lines.isAlphanumeric(in.get(from))) {
        from++;
      }
      while (to > from && !Lines.isAlphanumeric(in.get(to - 1))) {
        to--;
      }
      if (hasDot(in, from, to)) {
        continue;
      }
      int partStart = from;
      for (int j = from; j <= to; j++) {
        if (j == to || !Lines.isAlphanumeric(in.get(j))) {
          ftp |= isMarker(in, partStart, j, FTP_WORDS, FTP_SUFFIX);
          smtp |= isMarker(in, partStart, j, SMTP_WORDS, SMTP_SUFFIX);
          partStart = j + 1;
        }
      }
    }
    if (ftp == smtp) {
      return Kind.EITHER;
    }
    return ftp ? Kind.FTP : Kind.SMTP;
  }

  private static boolean isWordByte(byte b) {
    return Lines.isAlphanumeric(b) || b == '.' || b == '-' || b == '_';
  }

  private static boolean hasDot(ByteBuffer in, int from, int to) {
    for (int i = from; i < to; i++) {
      if (in.get(i) == '.') {
        return true;
      }
    }
    return false;
  }

  private static boolean isMarker(
      ByteBuffer in, int from, int to, String[] words, String suffix) {
    if (Lines.endsWithIgnoreCase(in, from, to, suffix)) {
      return true;
    }
    for (String word : words) {
      if (Lines.equalsIgnoreCase(in, from, to, word)) {
        return true;
      }
    }
    return false;
  }
}
