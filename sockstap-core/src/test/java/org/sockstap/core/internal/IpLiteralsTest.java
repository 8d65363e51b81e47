package org.sockstap.core.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IpLiteralsTest {

  /**
   * Each literal with its family. The JDK parses these same strings as literals (no lookup), so
   * it gives the expected bytes.
   */
  @ParameterizedTest(name = "{0} is IPv{1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          0.0.0.0                                       | 4
          1.2.3.4                                       | 4
          10.0.0.1                                      | 4
          10.20.30.40                                   | 4
          127.0.0.1                                     | 4
          255.255.255.255                               | 4
          ::                                            | 6
          ::1                                           | 6
          1::                                           | 6
          1:2:3:4:5:6:7:8                               | 6
          2001:db8::1                                   | 6
          2001:db8:0:0:0:0:2:1                          | 6
          2001:DB8::2:1                                 | 6
          2001:DB8:0:0:8:800:200C:417A                  | 6
          2001:0db8:0000:0000:0000:0000:0000:0001       | 6
          fe80::1:2                                     | 6
          1:2:3:4:5:6:7::                               | 6
          ::2:3:4:5:6:7:8                               | 6
          ::ffff:1.2.3.4                                | 6
          ::ffff:192.0.2.1                              | 6
          ::ffff:7f00:1                                 | 6
          ::1.2.3.4                                     | 6
          64:ff9b::192.0.2.33                           | 6
          1:2:3:4:5:6:1.2.3.4                           | 6
          ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255 | 6
          0000:0000:0000:0000:0000:0000:255.255.255.255 | 6
          """)
  void acceptsLiterals(String text, int family) throws Exception {
    InetAddress jdk = InetAddress.getByName(text);
    byte[] expected = jdk.getAddress();
    if (family == 6 && expected.length == 4) {
      // the JDK turns an IPv4-mapped address into an Inet4Address
      expected = new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff,
          expected[0], expected[1], expected[2], expected[3]};
    }
    assertArrayEquals(expected, family == 4 ? IpLiterals.ipv4(text) : IpLiterals.ipv6(text));
    assertNull(family == 4 ? IpLiterals.ipv6(text) : IpLiterals.ipv4(text));
    assertTrue(IpLiterals.isLiteral(text));
    assertEquals(jdk, IpLiterals.parse(text));
  }

  /** Neither family accepts these; several would send {@link InetAddress#getByName} to DNS. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        // empty, shortened, too long, or not a dotted quad of decimal octets
        "", " ", "1", "1.2.3", "127.1", "1.2.3.4.5", "1.2.3.4.", "1.2.3.", ".1.2.3", "1..3.4",
        "2130706433", "0x7f.0.0.1", "1.2.3.a", "a.b.c.d", "1.2.3.-4",
        // octets out of range or with leading zeros (octal to some resolvers)
        "256.1.1.1", "999.1.1.1", "1234.1.1.1", "010.0.0.1", "01.2.3.4", "1.2.3.04",
        // white space, non-ASCII digits, names
        "1.2.3.4 ", " ::1", "\u0661.\u0662.\u0663.\u0664", "\uff11.2.3.4", "::\u0661",
        "example.com", "localhost",
        // IPv6: stray colons, two gaps, wrong group counts, bad groups
        ":", ":::", "1:", ":1::", "1::2:", "1::2::3", "1:2:3:4:5:6:7", "1:2:3:4:5:6:7:8:9",
        "1:2:3:4:5:6:7:8::", "1::2:3:4:5:6:7:8", "12345::", "g::", "::g",
        // IPv6: a dotted quad that is malformed or not at the end
        "::1.2.3", "::1.2.3.4.5", "::ffff:1.2.3.256", "::ffff:01.2.3.4", "1.2.3.4::",
        "::1.2.3.4:5", "1:2:3:4:5:6:7:1.2.3.4",
        // zone ids and brackets are for URLs and sockets, not for literals
        "fe80::1%eth0", "fe80::1%1", "[::1]", "[1.2.3.4]"
      })
  void rejectsEverythingElse(String text) {
    assertNull(IpLiterals.ipv4(text));
    assertNull(IpLiterals.ipv6(text));
    assertFalse(IpLiterals.isLiteral(text));
    assertNull(IpLiterals.parse(text));
  }

  @Test
  void parsesEachFamilyIntoItsAddressType() {
    assertInstanceOf(Inet4Address.class, IpLiterals.parse("192.0.2.1"));
    assertInstanceOf(Inet6Address.class, IpLiterals.parse("2001:db8::1"));
    // the JDK folds IPv4-mapped addresses into IPv4: the same host either way
    assertEquals(IpLiterals.parse("1.2.3.4"), IpLiterals.parse("::ffff:1.2.3.4"));
  }
}
