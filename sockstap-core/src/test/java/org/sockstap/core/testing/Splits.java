package org.sockstap.core.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.IntFunction;
import org.sockstap.api.Detection;
import org.sockstap.api.DetectionInput;
import org.sockstap.api.Endpoint;
import org.sockstap.api.ProtocolDetector;

/**
 * Feeds a detector every prefix of one side's bytes, as the engine would see them arrive one byte
 * at a time, and checks that no verdict along the way is wrong. The same file is in each
 * server-first protocol module's tests.
 */
public final class Splits {

  public static final Endpoint DESTINATION = new Endpoint("127.0.0.1", 21);

  /** For {@code decidedAt}: the detector may decide at any point, but never wrongly. */
  public static final int ANY_POINT = -1;

  private Splits() {}

  public static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.ISO_8859_1);
  }

  public static DetectionInput input(String server, String client) {
    return input(bytes(server), bytes(client), false, false);
  }

  public static DetectionInput input(byte[] server, byte[] client, boolean clientEnded,
      boolean serverEnded) {
    return new DetectionInput(
        ByteBuffer.wrap(client), ByteBuffer.wrap(server), DESTINATION, clientEnded, serverEnded);
  }

  /**
   * Feeds every prefix of the server's bytes, with no client bytes.
   *
   * @param decidedAt the prefix length from which the verdict must be {@code expected} (before
   *     it, {@code NEED_SERVER_BYTES}); or {@link #ANY_POINT}
   */
  public static void assertServerPrefixes(
      ProtocolDetector detector, String server, Detection expected, int decidedAt) {
    byte[] all = bytes(server);
    byte[] none = new byte[0];
    assertPrefixes(
        k -> detector.detect(input(Arrays.copyOf(all, k), none, false, false)),
        all.length, Detection.NEED_SERVER_BYTES, expected, decidedAt,
        detector.protocol() + " on server " + printable(server));
  }

  /**
   * Feeds every prefix of the client's bytes after a complete greeting.
   *
   * @param decidedAt the prefix length from which the verdict must be {@code expected} (before
   *     it, {@code NEED_CLIENT_BYTES}); or {@link #ANY_POINT}
   */
  public static void assertClientPrefixes(
      ProtocolDetector detector, String server, String client, Detection expected,
      int decidedAt) {
    byte[] greeting = bytes(server);
    byte[] all = bytes(client);
    assertPrefixes(
        k -> detector.detect(input(greeting, Arrays.copyOf(all, k), false, false)),
        all.length, Detection.NEED_CLIENT_BYTES, expected, decidedAt,
        detector.protocol() + " on client " + printable(client) + " after "
            + printable(server));
  }

  private static void assertPrefixes(IntFunction<Detection> verdictAt, int length,
      Detection undecided, Detection expected, int decidedAt, String what) {
    Detection decided = null;
    for (int k = 0; k <= length; k++) {
      Detection verdict = verdictAt.apply(k);
      if (decidedAt != ANY_POINT) {
        assertEquals(k < decidedAt ? undecided : expected, verdict, what + ", prefix " + k);
      } else if (decided != null) {
        assertEquals(decided, verdict, what + ", prefix " + k + " after deciding");
      } else if (verdict != undecided) {
        assertEquals(expected, verdict, what + ", prefix " + k);
        decided = verdict;
      }
    }
    assertEquals(expected, verdictAt.apply(length), what + ", complete");
  }

  public static String printable(String text) {
    StringBuilder out = new StringBuilder();
    for (char c : text.toCharArray()) {
      if (c >= 0x20 && c < 0x7F) {
        out.append(c);
      } else {
        out.append(String.format("\\x%02x", (int) c));
      }
      if (out.length() > 80) {
        return out.append("...").toString();
      }
    }
    return out.toString();
  }
}
