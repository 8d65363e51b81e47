package org.sockstap.protocols.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.sockstap.api.HostPattern;
import org.sockstap.core.rules.HostList;
import org.sockstap.core.rules.HostRef;
import org.sockstap.protocols.http.wire.HeaderField;

/** Reading the HTTP parameters: what is accepted, and what is refused with which message. */
class HttpSettingsTest {

  /** The server's own host-list syntax, as {@code TappedConnection.hostPattern} compiles it. */
  static final Function<String, HostPattern> SERVER_SYNTAX = list -> {
    HostList compiled = HostList.parse(list);
    return (host, port) -> compiled.matches(new HostRef(host, null, port, null));
  };

  static Stream<Arguments> accepted() {
    return Stream.of(
        arguments("deny-method", "TRACE,PUT", "deny-method=TRACE,PUT"),
        arguments("permit-method", "GET,HEAD,POST", "permit-method=GET,HEAD,POST"),
        arguments("deny-method", "M-SEARCH,x~y", "deny-method=M-SEARCH,x~y"),
        arguments("deny-url", "http://*:80/admin/*,*.exe", "deny-url=http://*:80/admin/*,*.exe"),
        arguments("deny-url", "*%2Cx*,*%3Cscript%3E*", "deny-url=*,x*,*<script>*"),
        arguments("deny-url", "HTTP://Example.com:8080/A*", "deny-url=HTTP://Example.com:8080/A*"),
        arguments("deny-url", "http://[::1]:80/*", "deny-url=http://[::1]:80/*"),
        arguments("permit-url", "http://*.example.com*/*", "permit-url=http://*.example.com*/*"),
        arguments("deny-host", "*.example.com,!www.example.com,10.0.0.0/8",
            "deny-host=*.example.com,!www.example.com,10.0.0.0/8"),
        arguments("permit-host", "127.0.0.1", "permit-host=127.0.0.1"),
        arguments("kill-qhead", "Cookie,Referer", "kill-qhead=Cookie,Referer"),
        arguments("kill-rhead", "Server,X-Powered-By", "kill-rhead=Server,X-Powered-By"),
        arguments("add-qhead", "X-A:1,Via:SocksTap", "add-qhead=X-A:1,Via:SocksTap"),
        arguments("add-qhead", "X-Sp:a%20b%2Cc", "add-qhead=X-Sp:a b,c"),
        arguments("add-qhead", "X-Url:http://a:1/b", "add-qhead=X-Url:http://a:1/b"),
        arguments("add-qhead", "X-Bytes:%C3%A9", "add-qhead=X-Bytes:\u00c3\u00a9"),
        arguments("add-rhead", "X-Empty:", "add-rhead=X-Empty:"),
        arguments("add-qhead", "Authorization:Basic%20eDp5", "add-qhead=Authorization:..."),
        arguments("replace-qhead", "User-Agent:SocksTap", "replace-qhead=User-Agent:SocksTap"),
        arguments("replace-rhead", "Server:x,Server:y", "replace-rhead=Server:x,Server:y"),
        arguments("mount", "/docs/*=http://docs.internal:8080/manual/*",
            "mount=/docs/*=http://docs.internal:8080/manual/*"),
        arguments("mount", "/*=http://a/*,/b/*=http://[::1]:81/c/*",
            "mount=/*=http://a/*,/b/*=http://[::1]:81/c/*"),
        arguments("mount", "/a%2Cb/*=http://x:1/*", "mount=/a,b/*=http://x:1/*"),
        arguments("cache", "on", "cache=on"),
        arguments("cache", "offline", "cache=offline"),
        arguments("cache", "readonly", "cache=readonly"),
        arguments("cache", "off", "cache=off"),
        arguments("stale-if-error", "3600", "stale-if-error=3600"),
        arguments("stale-if-error", "0", ""),
        arguments("expire", "3600", "expire=3600"),
        arguments("expire", "0", "expire=0"),
        arguments("expire", "86400", ""),
        arguments("heuristic-fraction", "0.05", "heuristic-fraction=0.05"),
        arguments("heuristic-fraction", "0", "heuristic-fraction=0"),
        arguments("heuristic-fraction", "1", "heuristic-fraction=1"),
        arguments("heuristic-fraction", "1.000", "heuristic-fraction=1"),
        arguments("heuristic-fraction", "0.10", ""),
        arguments("connect", "lazy", ""),
        arguments("reject-sni", "[", ""));
  }

  @ParameterizedTest(name = "{0}={1}")
  @MethodSource("accepted")
  void acceptsAndShows(String name, String value, String shown) {
    HttpSettings settings = HttpSettings.none().withParams(Map.of(name, value));
    assertEquals(shown, settings.toString());
    assertEquals(shown.isEmpty(), settings.isEmpty());
    ConnectionPolicy.compile(settings, SERVER_SYNTAX);
  }

  static Stream<Arguments> rejected() {
    return Stream.of(
        arguments("cache", "ON", "cache: \"ON\" (expected: on, off, readonly or offline)"),
        arguments("cache", "", "cache: \"\" (expected: on, off, readonly or offline)"),
        arguments("stale-if-error", "-1", "stale-if-error: \"-1\" (expected: whole seconds,"
            + " 0 to 2147483648, such as 3600)"),
        arguments("stale-if-error", "1h", "stale-if-error: \"1h\" (expected: whole seconds"),
        arguments("stale-if-error", "99999999999", "stale-if-error: \"99999999999\""),
        arguments("expire", "-1", "expire: \"-1\" (expected: whole seconds, 0 to 2147483648,"
            + " such as 3600)"),
        arguments("expire", "1d", "expire: \"1d\" (expected: whole seconds"),
        arguments("expire", "", "expire: \"\" (expected: whole seconds"),
        arguments("heuristic-fraction", "1.5", "heuristic-fraction: \"1.5\" (expected: a decimal"
            + " from 0 to 1, such as 0.1)"),
        arguments("heuristic-fraction", "-0.1", "heuristic-fraction: \"-0.1\" (expected: a"
            + " decimal from 0 to 1"),
        arguments("heuristic-fraction", ".5", "heuristic-fraction: \".5\""),
        arguments("heuristic-fraction", "0,1", "heuristic-fraction: \"0,1\""),
        arguments("heuristic-fraction", "NaN", "heuristic-fraction: \"NaN\""),
        arguments("heuristic-fraction", "", "heuristic-fraction: \"\""),
        arguments("deny-method", "", "deny-method: \"\" (expected: method tokens separated by"
            + " commas, such as TRACE,PUT; an empty value is not allowed)"),
        arguments("permit-method", "GET,,HEAD", "permit-method: \"GET,,HEAD\" (expected: method"
            + " tokens separated by commas, such as TRACE,PUT; no empty element between commas)"),
        arguments("deny-method", "TRACE,", "no empty element between commas"),
        arguments("deny-method", "GE/T", "deny-method: \"GE/T\" (expected: a method token"
            + " (RFC 9110), such as TRACE)"),
        arguments("deny-url", "[", "deny-url: \"[\" (expected: a URL pattern starting with"
            + " http:// or *, with the port in the authority, such as"
            + " http://*.example.com:*/admin/*)"),
        arguments("deny-url", "/admin/*", "deny-url: \"/admin/*\" (expected: a URL pattern"),
        arguments("permit-url", "http://example.com/*", "permit-url: \"http://example.com/*\""
            + " (expected: a URL pattern starting with http:// or *, with the port"),
        arguments("deny-url", "http://[::1]/*", "with the port in the authority"),
        arguments("deny-url", "http:///x", "with the port in the authority"),
        arguments("deny-url", "*%zz*", "deny-url: \"*%zz*\" (expected: two hex digits after"
            + " each %, such as %2C for a comma)"),
        arguments("deny-url", "*%2", "two hex digits after each %"),
        arguments("deny-url", "*\u00e9*", "deny-url: \"*\\xe9*\" (expected: printable ASCII"
            + " without spaces; write other characters as %XX, such as %20 for a space)"),
        arguments("deny-host", "", "deny-host: \"\" (expected: a host list; write * for every"
            + " host)"),
        arguments("permit-host", "  ", "permit-host: \"  \" (expected: a host list"),
        arguments("kill-qhead", "Content-Length", "kill-qhead: \"Content-Length\" (expected:"
            + " not Content-Length: framing, Host and Expect are the proxy's)"),
        arguments("kill-rhead", "transfer-encoding", "kill-rhead: \"transfer-encoding\""
            + " (expected: not transfer-encoding: framing, Host and Expect are the proxy's)"),
        arguments("kill-qhead", "Cookie,Connection", "kill-qhead: \"Connection\" (expected: not"
            + " Connection: connection-specific fields are the proxy's)"),
        arguments("kill-qhead", "Proxy-Authorization", "connection-specific fields"),
        arguments("kill-rhead", "Bad Name", "kill-rhead: \"Bad Name\" (expected: a field name"
            + " (a token))"),
        arguments("add-qhead", "Host:evil.test", "add-qhead: \"Host\" (expected: not Host:"
            + " framing, Host and Expect are the proxy's)"),
        arguments("add-rhead", "Content-Length:0", "add-rhead: \"Content-Length\""),
        arguments("replace-qhead", "Expect:100-continue", "replace-qhead: \"Expect\""),
        arguments("replace-rhead", "Upgrade:h2c", "connection-specific fields"),
        arguments("add-qhead", "Proxy-Authorization:Basic%20eDp5", "add-qhead:"
            + " \"Proxy-Authorization\" (expected: not Proxy-Authorization:"),
        arguments("add-qhead", "X-A", "add-qhead: \"X-A\" (expected: Name:value pairs separated"
            + " by commas"),
        arguments("add-qhead", ":v", "add-qhead: \":v\" (expected: Name:value pairs"),
        arguments("add-qhead", "X-A:1,", "no empty element between commas"),
        arguments("add-qhead", "X-A:a%0d%0aSet-Cookie:%20x", "add-qhead: \"X-A:...\" (expected:"
            + " a value without CR, LF, NUL or characters above U+00FF)"),
        arguments("add-rhead", "X-A:a%00", "add-rhead: \"X-A:...\" (expected: a value without"
            + " CR, LF, NUL"),
        arguments("replace-qhead", "X-A:%0A", "replace-qhead: \"X-A:...\""),
        arguments("add-qhead", "X-A:%G0", "add-qhead: \"X-A:...\" (expected: a value in"
            + " printable ASCII, with %XX"),
        arguments("mount", "/docs/", "mount: \"/docs/\" (expected: /path/*=http://host[:port]"
            + "/path/* with * only at the end of both sides"),
        arguments("mount", "/docs/=http://a/*", "mount: \"/docs/=http://a/*\" (expected: the"
            + " path before = to start with / and end with its only *;"),
        arguments("mount", "docs/*=http://a/*", "the path before = to start with /"),
        arguments("mount", "/d*cs/*=http://a/*", "the path before = to start with / and end"
            + " with its only *"),
        arguments("mount", "/docs/*=https://a/*", "mount: \"/docs/*=https://a/*\" (expected:"
            + " an http:// origin after =;"),
        arguments("mount", "/docs/*=http://a", "a path after the origin's host and port"),
        arguments("mount", "/docs/*=http://a/", "the origin's path to start with / and end"),
        arguments("mount", "/docs/*=http://a/*/x", "the origin's path to start with / and end"),
        arguments("mount", "/docs/*=http://a:99999/*", "host[:port] after http://, without"
            + " user@, port 1-65535"),
        arguments("mount", "/docs/*=http://a:/*", "port 1-65535"),
        arguments("mount", "/docs/*=http://u:p@a/*", "without user@"),
        arguments("mount", "/docs/*=http:///*", "host[:port] after http://"),
        arguments("mount", "/d%20s/*=http://a/*", "the path before = in printable ASCII"
            + " without spaces, ? or #"),
        arguments("mount", "/d?/*=http://a/*", "without spaces, ? or #"),
        arguments("mount", "/a/*=http://b/*,", "no empty element between commas"));
  }

  @ParameterizedTest(name = "{0}={1}")
  @MethodSource("rejected")
  void refusesWithAMessageNamingTheParameter(String name, String value, String message) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> HttpSettings.none().withParams(Map.of(name, value)));
    assertTrue(e.getMessage().startsWith(name + ": \""), e.getMessage());
    assertTrue(e.getMessage().contains(message), e.getMessage());
  }

  static Stream<Arguments> malformedHostLists() {
    return Stream.of(
        arguments("deny-host", "[", "deny-host: \"[\" (expected: a host list in the rule syntax,"
            + " such as *.example.com,!www.example.com,10.0.0.0/8: host list: \"[\" (expected:"
            + " balanced {} and [])"),
        arguments("permit-host", "10.0.0.0/99", "permit-host: \"10.0.0.0/99\" (expected: a host"
            + " list in the rule syntax"));
  }

  @ParameterizedTest(name = "{0}={1}")
  @MethodSource("malformedHostLists")
  void hostListsAreCheckedInTheServersSyntax(String name, String value, String message) {
    HttpSettings settings = HttpSettings.none().withParams(Map.of(name, value));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ConnectionPolicy.compile(settings, SERVER_SYNTAX));
    assertTrue(e.getMessage().startsWith(message), e.getMessage());
  }

  @Test
  void aValueWithCrLfIsNeverShownInTheMessage() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> HttpSettings.none().withParams(Map.of("add-qhead", "Cookie:S3cr3t%0d%0a")));
    assertFalse(e.getMessage().contains("S3cr3t"), e.getMessage());
  }

  @Test
  void theFirstMalformedParameterInTheTablesOrderIsNamed() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> HttpSettings.none().withParams(Map.of("mount", "x", "deny-url", "[",
            "kill-qhead", "Host")));
    assertTrue(e.getMessage().startsWith("deny-url:"), e.getMessage());
  }

  @Test
  void paramsReplaceTheDefaultsSettingBySetting() {
    HttpSettings defaults = HttpSettings.builder()
        .denyMethods("TRACE")
        .addRequestHeader("X-A", "1")
        .addRequestHeader("X-B", "2")
        .mount("/docs/*", "http://docs.internal:8080/manual/*")
        .build();
    HttpSettings merged = defaults.withParams(Map.of("add-qhead", "X-C:3", "connect", "lazy"));
    assertEquals("deny-method=TRACE add-qhead=X-C:3"
        + " mount=/docs/*=http://docs.internal:8080/manual/*", merged.toString());
    assertEquals(List.of(new HeaderField("X-C", "3")), merged.requestRules.add());
    assertSame(defaults, defaults.withParams(Map.of("connect", "lazy")));
    assertEquals("deny-method=TRACE add-qhead=X-A:1,X-B:2"
        + " mount=/docs/*=http://docs.internal:8080/manual/*", defaults.toString());
  }

  @Test
  void theBuilderChecksEachValueAndEachSetterOnce() {
    HttpSettings.Builder b = HttpSettings.builder().denyMethods("TRACE");
    assertThrows(IllegalStateException.class, () -> b.denyMethods("PUT"));
    assertEquals("deny-url: \"/x\" (expected: a URL pattern starting with http:// or *, with the"
        + " port in the authority, such as http://*.example.com:*/admin/*)",
        assertThrows(IllegalArgumentException.class, () -> b.denyUrls("/x")).getMessage());
    assertEquals("add-qhead: \"X-A:...\" (expected: a value without CR, LF, NUL or characters"
        + " above U+00FF)", assertThrows(IllegalArgumentException.class,
            () -> b.addRequestHeader("X-A", "a\r\nb")).getMessage());
    assertThrows(IllegalArgumentException.class, () -> b.killResponseHeaders("Content-Length"));
    assertThrows(IllegalArgumentException.class, () -> b.replaceRequestHeader("Host", "x"));
    assertThrows(IllegalArgumentException.class, () -> b.mount("/a/*", "ftp://b/*"));
    assertThrows(IllegalArgumentException.class, () -> b.denyHosts(""));
    assertThrows(IllegalArgumentException.class, () -> b.permitMethods());
    assertEquals("expire: \"PT-1S\" (expected: whole seconds, 0 to 2147483648, such as 3600)",
        assertThrows(IllegalArgumentException.class,
            () -> HttpSettings.builder().expire(java.time.Duration.ofSeconds(-1))).getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> HttpSettings.builder().expire(java.time.Duration.ofMillis(1500)));
    assertEquals("heuristic-fraction: \"NaN\" (expected: a decimal from 0 to 1, such as 0.1)",
        assertThrows(IllegalArgumentException.class,
            () -> HttpSettings.builder().heuristicFraction(Double.NaN)).getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> HttpSettings.builder().heuristicFraction(1.01));
    HttpSettings heuristics = HttpSettings.builder().expire(java.time.Duration.ofHours(1))
        .heuristicFraction(0.25).build();
    assertEquals("expire=3600 heuristic-fraction=0.25", heuristics.toString());
    HttpSettings.Builder once = HttpSettings.builder().expire(java.time.Duration.ZERO)
        .heuristicFraction(0);
    assertThrows(IllegalStateException.class, () -> once.expire(java.time.Duration.ZERO));
    assertThrows(IllegalStateException.class, () -> once.heuristicFraction(0));
    // builder values are taken as they are, not percent-decoded
    HttpSettings built = HttpSettings.builder().addResponseHeader("X-P", "100%25").build();
    assertEquals("100%25", built.responseRules.add().get(0).value());
  }
}
