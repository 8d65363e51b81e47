package org.sockstap.core.internal.route;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.sockstap.core.internal.route.UpstreamFailure.Kind;

class HostLiteralsTest {

  @Test
  void encodesNamesByteForByte() throws Exception {
    assertArrayEquals(
        new byte[] {'a', '.', 'b', (byte) 0xe9},
        HostLiterals.nameBytes("socks5://p:1", "a.b\u00e9"));
    assertEquals(255, HostLiterals.nameBytes("r", "a".repeat(255)).length);
  }

  @Test
  void rejectsNamesThatCannotBeSent() {
    UpstreamFailure tooLong =
        assertThrows(UpstreamFailure.class, () -> HostLiterals.nameBytes("r", "a".repeat(256)));
    assertEquals(Kind.GENERAL_FAILURE, tooLong.kind());
    assertEquals("r: host: 256 bytes long (expected: at most 255)", tooLong.getMessage());
    assertThrows(UpstreamFailure.class, () -> HostLiterals.nameBytes("r", "a\0b"));
    UpstreamFailure wide =
        assertThrows(UpstreamFailure.class, () -> HostLiterals.nameBytes("r", "\u4e2d.cn"));
    assertEquals(
        "r: host: \\u4e2d.cn (expected: a name without NUL or characters above U+00FF)",
        wide.getMessage());
  }
}
