package org.sockstap.core.internal.route;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sockstap.core.rules.HostRef;

class RouteRuleTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      emptyValue = "",
      textBlock =
          """
          http:*.example.com=socks5://p:1080                 | http       | *.example.com         | socks5://p:1080
          http,https:*.example.com=socks5://p:1080           | http,https | *.example.com         | socks5://p:1080
          *=socks5://p:1080                                  | *          | ''                    | socks5://p:1080
          *:=socks4://p:1080                                 | *          | ''                    | socks4://p:1080
          *:{10.0.0.0/8,::1}=http://p:3128                   | *          | 10.0.0.0/8,::1        | http://p:3128
          *:{}=http://p:3128                                 | *          | ''                    | http://p:3128
          ftp:::1=socks5://p:1080                            | ftp        | ::1                   | socks5://p:1080
          smtp:!*.local=socks5://u:p=w@p:1080                | smtp       | !*.local              | socks5://u:p=w@p:1080
          """)
  void splitsARuleIntoItsFields(String text, String protocols, String destinations, String uri) {
    assertEquals(new RouteRule.Fields(protocols, destinations, uri), RouteRule.split(text));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          http:*.example.com                          | route: http:*.example.com (expected: ProtoList[:dstHostList]=URI)
          http:*.example.com=                         | route: http:*.example.com= (expected: an upstream URI after '=')
          :*.example.com=socks5://p:1080              | route: :*.example.com=socks5://p:1080 (expected: a protocol list before ':', such as * or http,https)
          =socks5://u:secret@p:1080                   | route: =socks5://***@p:1080 (expected: a protocol list before ':', such as * or http,https)
          *:{10.0.0.0/8=socks5://u:secret@p:1080      | route: *:{10.0.0.0/8=socks5://***@p:1080 (expected: a host list in {} to end with })
          *:a{b}=socks5://p:1080                      | route: *:a{b}=socks5://p:1080 (expected: braces only around the whole host list)
          *:{a}{b}=socks5://p:1080                    | route: *:{a}{b}=socks5://p:1080 (expected: braces only around the whole host list)
          """)
  void rejectsMalformedRulesWithoutShowingCredentials(String text, String message) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> RouteRule.split(text));
    assertEquals(message, e.getMessage());
    assertFalse(e.getMessage().contains("secret"));
  }

  // The tests below need ProtoList and HostList from the rules branch.

  @Test
  void parsesARuleAndMatchesProtocolAndDestination() {
    RouteRule rule = RouteRule.parse("http,https:*.example.com=socks5://proxy.example:1080");
    assertInstanceOf(Socks5Connector.class, rule.connector());
    assertEquals("socks5://proxy.example:1080", rule.connector().describe());
    HostRef inside = new HostRef("www.example.com", null, 443, null);
    HostRef outside = new HostRef("www.example.org", null, 443, null);
    assertTrue(rule.matches("http", inside));
    assertTrue(rule.matches("https", inside));
    assertFalse(rule.matches("ftp", inside));
    assertFalse(rule.matches("http", outside));
    assertFalse(rule.matches(null, inside), "an unknown protocol matches only *");
  }

  @Test
  void parsesABracedHostListWithAddresses() throws Exception {
    RouteRule rule = RouteRule.parse("*:{10.0.0.0/8,::1}=http://u:pw@proxy.example:3128");
    assertInstanceOf(HttpConnectConnector.class, rule.connector());
    assertEquals("http://proxy.example:3128", rule.connector().describe());
    assertTrue(rule.matches(null, new HostRef(null, InetAddress.getByName("10.1.2.3"), 80, null)));
    assertTrue(rule.matches("ssh", new HostRef(null, InetAddress.getByName("::1"), 22, null)));
    assertFalse(rule.matches("ssh", new HostRef(null, InetAddress.getByName("192.0.2.1"), 22, null)));
    assertFalse(rule.toString().contains("pw"));
  }

  @Test
  void aMissingHostListMatchesEveryHost() {
    RouteRule rule = RouteRule.parse("smtp=socks4://proxy.example:1080");
    assertTrue(rule.matches("smtp", new HostRef("mail.example", null, 25, null)));
    assertFalse(rule.matches("pop3", new HostRef("mail.example", null, 110, null)));
  }

  @Test
  void aRouterBuiltFromRulesTriesThemInOrder() {
    Router router =
        Router.of(
            List.of(
                RouteRule.parse("http:*.internal=http://proxy.internal:3128"),
                RouteRule.parse("*:*.internal=socks5://proxy.internal:1080")));
    HostRef host = new HostRef("wiki.internal", null, 80, null);
    assertEquals("http://proxy.internal:3128", router.select("http", host).describe());
    assertEquals("socks5://proxy.internal:1080", router.select("ssh", host).describe());
    assertSame(
        DirectConnector.instance(),
        router.select("http", new HostRef("www.example.com", null, 80, null)));
  }

  @Test
  void aBadUriIsRejectedWithoutCredentials() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> RouteRule.parse("*:*=ftp://u:secret@proxy.example:21"));
    assertEquals(
        "route: ftp://***@proxy.example:21 (expected: socks5://, socks4:// or http:// URI)",
        e.getMessage());
  }
}
