package org.sockstap.api.text;

import java.nio.ByteBuffer;

/**
 * Tells an FTP client from an SMTP client by its first command, for greetings that fit both
 * ({@code 220 Service ready}).
 *
 * <p>A command is a four-letter verb, in any case, followed by a space, CR or LF; it is judged as
 * soon as the byte after the verb is there, so a long argument is never waited for or scanned.
 *
 * <ul>
 *   <li>FTP: {@code USER PASS ACCT AUTH FEAT SYST OPTS HOST CLNT PBSZ LANG}. {@code AUTH} is an
 *       SMTP verb too, but SMTP allows it only after {@code EHLO}, so as a first command it is FTP
 *       ({@code AUTH TLS}, RFC 4217).
 *   <li>SMTP: {@code EHLO HELO} (LMTP's {@code LHLO} is not SMTP).
 *   <li>Both: {@code QUIT NOOP HELP}. These decide nothing; the next command, if it comes within
 *       {@value #CAP} bytes, is judged the same way. Otherwise the answer stays {@link Kind#EITHER}
 *       and the destination port breaks the tie when detection times out.
 *   <li>Anything else is neither, as is a common command whose line holds a bare CR or a control
 *       byte (it could be split differently by the server).
 * </ul>
 */
public final class FirstCommand {

  /** What the client's bytes so far say. */
  public enum Kind {
    /** The verb is still incomplete. */
    NEED_MORE,
    /** Not a command that opens an FTP or SMTP session. */
    NEITHER,
    /** An FTP command. */
    FTP,
    /** An SMTP command. */
    SMTP,
    /** Only commands that both protocols have. */
    EITHER
  }

  /** How many client bytes are inspected at most. */
  public static final int CAP = 512;

  /** Every verb below has this length, which is what makes the prefix checks simple. */
  public static final int VERB_LENGTH = 4;

  private static final String[] FTP_VERBS = {
    "user", "pass", "acct", "auth", "feat", "syst", "opts", "host", "clnt", "pbsz", "lang"
  };
  private static final String[] SMTP_VERBS = {"ehlo", "helo"};
  private static final String[] COMMON_VERBS = {"quit", "noop", "help"};

  private FirstCommand() {}

  /**
   * Classifies the client's bytes so far.
   *
   * @param client the client's bytes, first byte at index 0
   * @param clientEnded whether the client has closed its side
   * @return what they say
   */
  public static Kind classify(ByteBuffer client, boolean clientEnded) {
    int limit = Math.min(client.limit(), CAP);
    int start = 0;
    while (start < limit) {
      int seen = Math.min(VERB_LENGTH, limit - start);
      Kind verb = lookup(client, start, seen);
      if (verb == Kind.NEITHER) {
        return Kind.NEITHER;
      }
      if (start + VERB_LENGTH >= limit) {
        // the verb, or the byte after it, is not here yet; after a common command, or at the cap,
        // there is nothing more to learn
        if (start > 0) {
          return Kind.EITHER;
        }
        return clientEnded ? Kind.NEITHER : Kind.NEED_MORE;
      }
      int after = client.get(start + VERB_LENGTH);
      if (after != ' ' && after != '\r' && after != '\n') {
        return Kind.NEITHER;
      }
      if (verb != Kind.EITHER) {
        return verb;
      }
      int end = Lines.end(client, start, limit);
      if (end == Lines.MALFORMED) {
        return Kind.NEITHER;
      }
      if (end == Lines.NEED_MORE) {
        return Kind.EITHER;
      }
      start = end;
    }
    return start == 0 ? (clientEnded ? Kind.NEITHER : Kind.NEED_MORE) : Kind.EITHER;
  }

  /**
   * Returns the kind of the verb whose first {@code seen} letters are at {@code from}: FTP, SMTP
   * or EITHER (common), or NEITHER when no verb starts that way.
   */
  private static Kind lookup(ByteBuffer in, int from, int seen) {
    if (startsAny(in, from, seen, FTP_VERBS)) {
      return Kind.FTP;
    }
    if (startsAny(in, from, seen, SMTP_VERBS)) {
      return Kind.SMTP;
    }
    if (startsAny(in, from, seen, COMMON_VERBS)) {
      return Kind.EITHER;
    }
    return Kind.NEITHER;
  }

  private static boolean startsAny(ByteBuffer in, int from, int seen, String[] verbs) {
    for (String verb : verbs) {
      int i = 0;
      while (i < seen && Lines.toLower(in.get(from + i)) == verb.charAt(i)) {
        i++;
      }
      if (i == seen) {
        return true;
      }
    }
    return false;
  }
}
