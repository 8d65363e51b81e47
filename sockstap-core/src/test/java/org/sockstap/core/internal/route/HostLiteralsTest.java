package org.sockstap.core.internal.route;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sockstap.core.internal.route.UpstreamFailure.Kind;

class HostLiteralsTest {

  @ParameterizedTest
  @ValueSource(strings = {"0.0.0.0", "127.0.0.1", "255.255.255.255", "10.20.30.40", "1.2.3.4"})
  void parsesDottedQuads(String text) throws Exception {
    assertArrayEquals(InetAddress.getByName(text).getAddress(), HostLiterals.ipv4(text));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "", "1", "1.2.3", "127.1", "1.2.3.4.", ".1.2.3", "1.2.3.4.5", "256.1.1.1", "1.2.3.04",
        "01.2.3.4", "1..3.4", "1.2.3.a", "2130706433", "1.2.3.4 ", "١.٢.٣.٤", "example.com", "::1"
      })
  void rejectsAnythingElseAsIpv4(String text) {
    assertNull(HostLiterals.ipv4(text));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "::", "::1", "1::", "1:2:3:4:5:6:7:8", "2001:db8::1", "2001:DB8:0:0:8:800:200C:417A",
        "fe80::1:2", "::ffff:192.0.2.1", "64:ff9b::192.0.2.33", "1:2:3:4:5:6:1.2.3.4",
        "1:2:3:4:5:6:7::", "::2:3:4:5:6:7:8", "ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255"
      })
  void parsesIpv6Literals(String text) throws Exception {
    byte[] expected = InetAddress.getByName(text).getAddress();
    if (expected.length == 4) {
      // the JDK turns an IPv4-mapped address into an Inet4Address
      expected = Wire.concat(new byte[10], Wire.bytes(0xff, 0xff), expected);
    }
    assertArrayEquals(expected, HostLiterals.ipv6(text));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "", ":", ":::", "1:2:3:4:5:6:7", "1:2:3:4:5:6:7:8:9", "1::2::3", "12345::", "g::",
        ":1::", "1::2:", "1:2:3:4:5:6:7:8::", "::1.2.3", "1.2.3.4::", "::1.2.3.4:5",
        "1:2:3:4:5:6:7:1.2.3.4", "fe80::1%eth0", "[::1]", "example.com", "1.2.3.4", "::١"
      })
  void rejectsAnythingElseAsIpv6(String text) {
    assertNull(HostLiterals.ipv6(text));
  }

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
