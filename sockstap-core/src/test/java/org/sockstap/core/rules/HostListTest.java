package org.sockstap.core.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sockstap.core.rules.Hosts.host;

import java.time.Duration;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HostListTest {

  /** Host specs are read by {@link Hosts#host}: {@code [user@][name][/address][:port]}. */
  @ParameterizedTest(name = "{0} ~ {1} = {2}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          *                              | www.example.com               | true
          *                              | /10.0.0.1                     | true
          *                              | alice@:1                      | true
          ''                             | www.example.com               | true
          {*}                            | www.example.com               | true
          www.example.com                | www.example.com               | true
          www.example.com                | WWW.Example.COM               | true
          www.example.com                | www.example.com.              | true
          www.example.com                | www.example.co                | false
          www.example.com                | ww.example.com                | false
          WWW.Example.COM                | www.example.com               | true
          *.example.com                  | example.com                   | true
          *.example.com                  | www.example.com               | true
          *.example.com                  | a.b.example.com               | true
          *.example.com                  | badexample.com                | false
          *.example.com                  | example.com.evil.net          | false
          *example.com                   | badexample.com                | true
          *example.com                   | example.com                   | true
          *example.com                   | example.org                   | false
          www.*                          | www.example.com               | true
          www.*                          | web.example.com               | false
          *.example.*                    | www.example.org               | true
          *.example.*                    | example.org                   | false
          {a.com,b.com}                  | b.com                         | true
          *,!*.evil.com                  | www.evil.com                  | false
          *,!*.evil.com                  | evil.com                      | false
          *,!*.evil.com                  | www.good.com                  | true
          !*.evil.com                    | evil.com                      | false
          !*.evil.com                    | good.com                      | true
          !*.evil.com                    | /10.0.0.1                     | true
          *.corp.com,!secret.corp.com    | www.corp.com                  | true
          *.corp.com,!secret.corp.com    | secret.corp.com               | false
          *.corp.com,!secret.corp.com    | www.other.com                 | false
          !secret.corp.com,*.corp.com    | secret.corp.com               | true
          *,!*.corp.com,www.corp.com     | www.corp.com                  | true
          *,!*.corp.com,www.corp.com     | mail.corp.com                 | false
          !*                             | www.example.com               | false
          !*,a.com                       | a.com                         | true
          !*,a.com                       | b.com                         | false
          10.0.0.1                       | /10.0.0.1                     | true
          10.0.0.1                       | /10.0.0.2                     | false
          10.0.0.0/8                     | /10.200.3.4                   | true
          10.0.0.0/8                     | /11.0.0.1                     | false
          10.9.9.9/8                     | /10.1.2.3                     | true
          0.0.0.0/0                      | /203.0.113.9                  | true
          10.0.0.0/255.0.0.0             | /10.1.1.1                     | true
          192.168.1.0/255.255.255.128    | /192.168.1.127                | true
          192.168.1.0/255.255.255.128    | /192.168.1.128                | false
          10.0.0.0/8                     | intranet/10.1.1.1             | true
          10.0.0.0/8                     | intranet                      | false
          10.0.0.0/8                     | 10.1.1.1                      | true
          10.0.0.0/8                     | 'no-such-host.invalid'        | false
          ::1                            | /[::1]                        | true
          [::1]                          | /[::1]                        | true
          {::1}                          | /[::1]                        | true
          [0:0:0:0:0:0:0:1]              | /[::1]                        | true
          ::1                            | [::1]                         | true
          fe80::/10                      | /[fe80::1234]                 | true
          fe80::/10                      | /[fec0::1]                    | false
          [fe80::]/10                    | /[febf:ffff::1]               | true
          2001:db8::/ffff:ffff::         | /[2001:db8:1::5]              | true
          2001:db8::/ffff:ffff::         | /[2001:db9::5]                | false
          ::ffff:127.0.0.1               | /127.0.0.1                    | true
          127.0.0.1                      | /[::ffff:127.0.0.1]           | true
          ::ffff:10.0.0.0/104            | /10.20.30.40                  | true
          ::ffff:10.0.0.0/104            | /11.20.30.40                  | false
          10.0.0.0/8                     | /[::ffff:10.1.2.3]            | true
          127.0.0.1                      | /[::1]                        | false
          ::1                            | /127.0.0.1                    | false
          192.168.*                      | /192.168.1.1                  | true
          192.168.*                      | /[::ffff:192.168.1.1]         | true
          192.168.*                      | router/192.168.1.1            | false
          *:80                           | www.example.com:80            | true
          *:80                           | www.example.com:81            | false
          *:80                           | www.example.com               | false
          *:{25,587}                     | mail.example.com:587          | true
          *:{25,587}                     | mail.example.com:26           | false
          *:8000-8100                    | /10.0.0.1:8000                | true
          *:8000-8100                    | /10.0.0.1:8101                | false
          www.example.com:{80,443,8000-8100} | www.example.com:8050      | true
          www.example.com:{80,443,8000-8100} | www.example.com:443       | true
          www.example.com:{80,443,8000-8100} | www.example.com:8101      | false
          www.example.com:{80,443,8000-8100} | mail.example.com:443      | false
          *:{0,65535}                    | x:65535                       | true
          [::1]:80                       | /[::1]:80                     | true
          [::1]:80                       | /[::1]:81                     | false
          {::1}:{80,443}                 | /[::1]:443                    | true
          [fe80::/10]:443                | /[fe80::1]:443                | true
          [fe80::]/10:443                | /[fe80::1]:443                | true
          [fe80::]/10:443                | /[fe80::1]:80                 | false
          10.0.0.0/8:22                  | /10.1.1.1:22                  | true
          alice@*                        | alice@x                       | true
          alice@*                        | Alice@x                       | false
          alice@*                        | bob@x                         | false
          alice@*                        | x                             | false
          *@*                            | bob@x                         | true
          *@*                            | x                             | false
          *@*                            | @x                            | false
          *@*.example.com                | alice@www.example.com         | true
          *@*.example.com                | alice@www.example.org         | false
          alice@10.0.0.0/8:22            | alice@/10.1.1.1:22            | true
          alice@10.0.0.0/8:22            | bob@/10.1.1.1:22              | false
          alice@::1                      | alice@/[::1]                  | true
          a.b@c@*                        | a.b@c@x                       | false
          *.example.com                  | alice@www.example.com         | true
          *,!alice@*                     | alice@x                       | false
          *,!alice@*                     | bob@x                         | true
          *,!alice@*                     | x                             | true
          """)
  void matches(String list, String host, boolean expected) {
    assertEquals(expected, HostList.parse(list).matches(host(host)));
  }

  @Test
  void userWithAtSignComparesWhole() {
    // the element's user ends at its last '@', so user names may hold one
    assertTrue(HostList.parse("{a@b@x.com}").matches(new HostRef("x.com", null, -1, "a@b")));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      textBlock =
          """
          a,,b                   | host list: "a,,b" (expected: no empty elements)
          ,a                     | no empty elements
          a,                     | no empty elements
          10.0.0.300             | host list element: "10.0.0.300" (expected: an IPv4 address
          10.0.0                 | "10.0.0" (expected: an IPv4 address
          1.2.3.4.5              | an IPv4 address
          1234                   | host list element: "1234" (expected: a host, not a number
          010.0.0.1              | four decimal octets
          10.0.0.0/33            | host list element: "10.0.0.0/33" (expected: prefix length 0-32)
          10.0.0.0/               | a prefix length 0-32 or a netmask
          fe80::/129             | prefix length 0-128
          10.0.0.0/255.0.255.0   | "10.0.0.0/255.0.255.0" (expected: a contiguous netmask)
          fe80::/ffff:0:ffff::   | a contiguous netmask
          10.0.0.0/ffff::        | netmask of the address's family
          ww*w.example.com       | '*' only at the start or end of a host name
          **                     | a host name of letters
          a..b                   | a host name of letters
          -a.com                 | a host name of letters
          .a.com                 | a host name of letters
          exämple.com            | a host name of letters
          a/b.com                | an IPv4 address
          exa mple.com           | host list element: "exa mple.com" (expected: no whitespace)
          www.example.com:70000  | ports 0-65535
          www.example.com:-1     | ports 0-65535
          www.example.com:       | ports 0-65535
          www.example.com:{}     | ports 0-65535
          www.example.com:{80    | balanced
          www.example.com:x      | ports 0-65535
          www.example.com:100-80 | port ranges lo-hi with lo <= hi
          *:{80,,443}            | no empty elements
          {::1                   | balanced {} and []
          ::1}                   | balanced {} and []
          [::1}                  | balanced {} and []
          [::1]x                 | host list element: "[::1]x"
          [::1]/8/8              | host list element
          [fe80::/10]/10         | host list element
          [www.example.com]      | an IPv4 address of four decimal octets 0-255 or an IPv6 address
          1::2::3                | an IPv6 address or CIDR, or [address]:ports
          a:b:c                  | an IPv6 address or CIDR, or [address]:ports
          fe80::1%eth0           | an IPv6 address or CIDR
          1:2:3:4:5:6:7:8:9      | an IPv6 address or CIDR
          @host                  | a user name or *
          al*ce@host             | a user name or *
          !!a@x                  | a user name or *
          !!x                    | host list element: "!!x" (expected: a host name of letters
          a@                     | host list element: "a@"
          !                      | host list element: "!"
          :80                    | host list element: ":80"
          """)
  void rejects(String list, String fragment) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> HostList.parse(list));
    assertTrue(e.getMessage().contains(fragment), e.getMessage());
  }

  @Test
  void rejectsControlCharacters() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> HostList.parse("a.com,b\u0007.com"));
    assertEquals("host list: \"a.com,b\\u0007.com\" (expected: no control characters)",
        e.getMessage());
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          *                              | *
          ''                             | *
          {a.com,B.com}                  | a.com,b.com
          WWW.Example.COM                | www.example.com
          *.Example.COM                  | *.example.com
          10.0.0.1/8                     | 10.0.0.0/8
          10.0.0.0/255.255.0.0           | 10.0.0.0/16
          10.0.0.1/32                    | 10.0.0.1
          ::1                            | [::1]
          {0:0:0:0:0:0:0:1}:80           | [::1]:80
          2001:DB8:0:0:1:0:0:1           | [2001:db8::1:0:0:1]
          fe80::1/10                     | [fe80::]/10
          [fe80::/10]:443                | [fe80::]/10:443
          ::ffff:127.0.0.1               | [::ffff:127.0.0.1]
          *:{25,587}                     | *:{25,587}
          h:{8000-8100}                  | h:8000-8100
          !Alice@*.Example.com:{80,443}  | !Alice@*.example.com:{80,443}
          """)
  void canonicalText(String list, String canonical) {
    HostList parsed = HostList.parse(list);
    assertEquals(canonical, parsed.toString());
    HostList again = HostList.parse(canonical);
    assertEquals(parsed, again);
    assertEquals(parsed.hashCode(), again.hashCode());
    assertEquals(canonical, again.toString());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          *                 | true
          ''                | true
          a.com,*           | true
          *,!a.com          | false
          *,!a.com,*        | true
          !a.com            | false
          a.com             | false
          *:80              | false
          *@*               | false
          !*,*              | true
          """)
  void isAny(String list, boolean expected) {
    assertEquals(expected, HostList.parse(list).isAny());
  }

  @Test
  void anyMatchesEverything() {
    assertTrue(HostList.any().isAny());
    assertEquals("*", HostList.any().toString());
    assertTrue(HostList.any().matches(new HostRef(null, null, -1, null)));
  }

  @Test
  void caseFoldingIgnoresTurkishDefaultLocale() {
    Locale saved = Locale.getDefault();
    Locale.setDefault(Locale.forLanguageTag("tr-TR"));
    try {
      // in Turkish, "I".toLowerCase() is a dotless i, which would break both sides
      assertTrue(HostList.parse("*.EXAMPLE.COM").matches(Hosts.named("TITLE.example.com")));
      assertTrue(HostList.parse("TITLE.*").matches(Hosts.named("title.example.com")));
      assertTrue(HostList.parse("title.example.com").matches(Hosts.named("TITLE.EXAMPLE.COM")));
      assertEquals("*.internal", HostList.parse("*.INTERNAL").toString());
    } finally {
      Locale.setDefault(saved);
    }
  }

  @Test
  void neverResolvesNames() {
    assertTimeoutPreemptively(
        Duration.ofSeconds(2),
        () -> {
          HostList list = HostList.parse("no-such-host.invalid,127.0.0.1,[::1]");
          assertTrue(list.matches(Hosts.named("no-such-host.invalid")));
          // resolving localhost would give 127.0.0.1 or ::1, which are both in the list
          assertFalse(list.matches(Hosts.named("localhost")));
          assertFalse(HostList.parse("127.0.0.0/8").matches(Hosts.named("localhost")));
        });
  }

  @Test
  void hostRefRejectsBadPorts() {
    assertThrows(IllegalArgumentException.class, () -> new HostRef("x", null, 65536, null));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new HostRef("x", null, -2, null));
    assertEquals("port: -2 (expected: -1 or 0-65535)", e.getMessage());
  }
}
