package org.sockstap.core.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sockstap.core.rules.Hosts.host;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TapRuleTest {

  private static final String EXAMPLE =
      "http,ftp:{*.example.com,10.0.0.0/8}:{127.0.0.1}"
          + ":connect=lazy cache=on route=http://127.0.0.1:3128";

  @Test
  void parsesTheExample() {
    TapRule rule = TapRule.parse(EXAMPLE);
    assertEquals("http,ftp", rule.protocols().toString());
    assertEquals("*.example.com,10.0.0.0/8", rule.destinations().toString());
    assertEquals("127.0.0.1", rule.sources().toString());
    assertEquals(List.of("connect", "cache", "route"), List.copyOf(rule.params().keySet()));
    assertEquals("http://127.0.0.1:3128", rule.params().get("route"));
    assertTrue(rule.matches("ftp", host("example.com:21"), host("/127.0.0.1")));
    assertTrue(rule.matches("http", host("/10.9.8.7:80"), host("/127.0.0.1")));
    assertFalse(rule.matches("smtp", host("example.com:25"), host("/127.0.0.1")));
    assertFalse(rule.matches("http", host("example.org:80"), host("/127.0.0.1")));
    assertFalse(rule.matches("http", host("example.com:80"), host("/127.0.0.2")));
    assertFalse(rule.matches(null, host("example.com:80"), host("/127.0.0.1")));
  }

  /** The fields of each parsed rule, joined by {@code |}; params as {@code name=value;...}. */
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '~',
      textBlock =
          """
          SOCKSTAP=http                     ~ http|*|*|
          sockstap=http                     ~ http|*|*|
          '  SOCKSTAP=http  '               ~ http|*|*|
          http                              ~ http|*|*|
          SOCKSTAP=                         ~ *|*|*|
          ''                                ~ *|*|*|
          http:::cache=on                   ~ http|*|*|cache=on;
          :a.com                            ~ *|a.com|*|
          ::10.0.0.1                        ~ *|*|10.0.0.1|
          http:*:*:                         ~ http|*|*|
          http:*:*:a=b=c d=http://x:80/?q=1 ~ http|*|*|a=b=c;d=http://x:80/?q=1;
          http:*:*:verbose x=               ~ http|*|*|verbose=;x=;
          http:*:*:a=1    b=2               ~ http|*|*|a=1;b=2;
          http:*:*:{a=1 b=2}                ~ http|*|*|a=1;b=2;
          http:*:*:x={y z=}                 ~ http|*|*|x={y;z=};
          http:*:*:u=[::1]:8080             ~ http|*|*|u=[::1]:8080;
          *:{[::1]:443}:{::1}:tls=on        ~ *|[::1]:443|[::1]|tls=on;
          """)
  void parsesFields(String text, String expected) {
    TapRule rule = TapRule.parse(text);
    StringBuilder params = new StringBuilder();
    rule.params().forEach((k, v) -> params.append(k).append('=').append(v).append(';'));
    assertEquals(
        expected,
        rule.protocols() + "|" + rule.destinations() + "|" + rule.sources() + "|" + params);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '~',
      quoteCharacter = '`',
      textBlock =
          """
          http:*:*:=x                 ~ tap rule parameter: "=x" (expected: name=value with a name
          http:*:*:a=1 {b=2           ~ tap rule parameter: "{b=2"
          http:*:*:a=1 a=2            ~ tap rule parameter: "a=2" (expected: each name at most once)
          http:{a.com:*               ~ tap rule: "http:{a.com:*" (expected: balanced {} and [])
          ht/tp                       ~ protocol list element: "ht/tp"
          http:a.com:80:x=1           ~ host list element: "80" (expected: a host, not a number
          http:*.a*.com               ~ '*' only at the start or end of a host name
          SOCKSTAP=SOCKSTAP=http      ~ protocol list element: "SOCKSTAP=http"
          """)
  void rejects(String text, String fragment) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> TapRule.parse(text));
    assertTrue(e.getMessage().contains(fragment), e.getMessage());
  }

  @Test
  void rejectsControlCharacters() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> TapRule.parse("http:*:*:a=1\tb=2"));
    assertEquals(
        "tap rule: \"http:*:*:a=1\\u0009b=2\" (expected: no control characters)", e.getMessage());
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '~',
      textBlock =
          """
          SOCKSTAP=HTTP                     ~ http:*:*
          http:::verbose cache=on           ~ http:*:*:verbose cache=on
          http:::x=                         ~ http:*:*:x
          :{{::1}:80}::route=http://h:3128  ~ *:{[::1]:80}:*:route=http://h:3128
          """)
  void canonicalText(String text, String canonical) {
    TapRule rule = TapRule.parse(text);
    assertEquals(canonical, rule.toString());
    assertEquals(rule, TapRule.parse(canonical));
  }

  @Test
  void exampleRoundTrips() {
    TapRule rule = TapRule.parse("SOCKSTAP=" + EXAMPLE);
    assertEquals(EXAMPLE.replace("{127.0.0.1}", "127.0.0.1"), rule.toString());
    assertEquals(rule, TapRule.parse(rule.toString()));
    assertEquals(rule.connMap(), ConnMap.parse("http,ftp:{*.example.com,10.0.0.0/8}:127.0.0.1"));
  }

  @Test
  void paramsAreAnOrderedUnmodifiableCopy() {
    Map<String, String> given = new LinkedHashMap<>();
    given.put("z", "1");
    given.put("a", "2");
    TapRule rule = new TapRule(ProtoList.any(), HostList.any(), HostList.any(), given);
    given.put("m", "3");
    assertEquals(List.of("z", "a"), List.copyOf(rule.params().keySet()));
    assertThrows(UnsupportedOperationException.class, () -> rule.params().put("b", "4"));
    assertThrows(
        UnsupportedOperationException.class,
        () -> TapRule.parse("http:::a=1").params().put("b", "4"));
  }

  @Test
  void constructorChecksParams() {
    Map<String, String> nullName = new HashMap<>();
    nullName.put(null, "x");
    assertThrows(
        NullPointerException.class,
        () -> new TapRule(ProtoList.any(), HostList.any(), HostList.any(), nullName));
    IllegalArgumentException space =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new TapRule(
                    ProtoList.any(), HostList.any(), HostList.any(), Map.of("a", "b c")));
    assertEquals(
        "tap rule parameter value: \"b c\" (expected: no spaces or control characters)",
        space.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> new TapRule(ProtoList.any(), HostList.any(), HostList.any(), Map.of("", "b")));
  }
}
