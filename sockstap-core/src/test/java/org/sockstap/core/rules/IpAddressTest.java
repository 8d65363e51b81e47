package org.sockstap.core.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IpAddressTest {

  /** Each literal with its RFC 5952 text; the JDK parses the same literals for comparison. */
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          0.0.0.0                         | 0.0.0.0
          10.0.0.1                        | 10.0.0.1
          255.255.255.255                 | 255.255.255.255
          ::                              | ::
          ::1                             | ::1
          1::                             | 1::
          2001:db8:0:0:0:0:2:1            | 2001:db8::2:1
          2001:DB8::2:1                   | 2001:db8::2:1
          2001:db8:0:1:1:1:1:1            | 2001:db8:0:1:1:1:1:1
          2001:0:0:1:0:0:0:1              | 2001:0:0:1::1
          2001:db8:0:0:1:0:0:1            | 2001:db8::1:0:0:1
          2001:0db8:0000:0000:0000:0000:0000:0001 | 2001:db8::1
          1:2:3:4:5:6:7::                 | 1:2:3:4:5:6:7:0
          ::2:3:4:5:6:7:8                 | 0:2:3:4:5:6:7:8
          fe80::1:2                       | fe80::1:2
          ::ffff:127.0.0.1                | 127.0.0.1
          ::ffff:7f00:1                   | 127.0.0.1
          ::1.2.3.4                       | ::102:304
          64:ff9b::192.0.2.33             | 64:ff9b::c000:221
          """)
  void parsesLiterals(String literal, String text) throws Exception {
    IpAddress parsed = IpAddress.parse(literal);
    assertNotNull(parsed);
    IpAddress jdk = IpAddress.of(InetAddress.getByName(literal));
    assertEquals(jdk.hi(), parsed.hi());
    assertEquals(jdk.lo(), parsed.lo());
    assertEquals(text, jdk.toString());
  }

  @Test
  void keepsTheWrittenFamilyOfMappedAddresses() {
    IpAddress written = IpAddress.parse("::ffff:127.0.0.1");
    IpAddress v4 = IpAddress.parse("127.0.0.1");
    assertNotNull(written);
    assertNotNull(v4);
    assertEquals(v4.lo(), written.lo());
    assertFalse(written.ipv4());
    assertEquals("::ffff:127.0.0.1", written.toString());
    assertTrue(IpAddress.of(Hosts.literal("[::ffff:127.0.0.1]")).ipv4());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "1",
        "1.2.3",
        "1.2.3.4.5",
        "1.2.3.",
        ".1.2.3",
        "1..2.3",
        "256.0.0.1",
        "1.2.3.04",
        "01.2.3.4",
        "1234.1.1.1",
        "1.2.3.-4",
        "\uff11.2.3.4",
        "a.b.c.d",
        "localhost",
        ":",
        ":::",
        ":1::",
        "1:",
        "1::2::3",
        "12345::",
        "::g",
        "1:2:3:4:5:6:7",
        "1:2:3:4:5:6:7:8:9",
        "1:2:3:4:5:6:7:8::",
        "::1.2.3",
        "::1.2.3.4.5",
        "::1.2.3.4:5",
        "1:2:3:4:5:6:7:1.2.3.4",
        "::ffff:1.2.3.256",
        "fe80::1%eth0",
        "[::1]",
        " ::1",
      })
  void rejectsNonLiterals(String text) {
    assertNull(IpAddress.parse(text));
  }

  @ParameterizedTest(name = "{0} -> /{1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          255.255.255.255   | 32
          255.255.255.0     | 24
          128.0.0.0         | 1
          0.0.0.0           | 0
          255.0.255.0       | -1
          0.255.255.255     | -1
          ffff:ffff::       | 32
          ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff | 128
          ffff:ffff:ffff:ffff:8000:: | 65
          ::                | 0
          ffff:0:ffff::     | -1
          ::1               | -1
          """)
  void readsMasks(String mask, int prefix) {
    IpAddress parsed = IpAddress.parse(mask);
    assertNotNull(parsed);
    assertEquals(prefix, parsed.maskPrefix());
  }
}
