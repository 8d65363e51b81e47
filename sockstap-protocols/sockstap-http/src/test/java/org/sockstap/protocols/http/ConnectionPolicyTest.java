package org.sockstap.protocols.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sockstap.api.Endpoint;
import org.sockstap.protocols.http.wire.HeaderField;
import org.sockstap.protocols.http.wire.Headers;
import org.sockstap.protocols.http.wire.HttpVersion;
import org.sockstap.protocols.http.wire.RequestHead;

/** The decisions of a compiled policy, as pure functions of the request. */
class ConnectionPolicyTest {
  private static final Endpoint DESTINATION = new Endpoint("origin.test", 8080);

  private static ConnectionPolicy policy(String... params) {
    Map<String, String> map = new java.util.HashMap<>();
    for (int i = 0; i < params.length; i += 2) {
      map.put(params[i], params[i + 1]);
    }
    return ConnectionPolicy.compile(HttpSettings.none().withParams(map),
        HttpSettingsTest.SERVER_SYNTAX);
  }

  private static RequestHead request(String method, String target, String host) {
    return new RequestHead(method, target, HttpVersion.HTTP_1_1, new Headers().add("Host", host));
  }

  private static String rejection(ConnectionPolicy policy, String method, String target,
      String host, Endpoint destination) {
    RequestHead request = request(method, target, host);
    return policy.rejection(request, TargetUrl.absolute(request, destination), destination);
  }

  private static String rejection(ConnectionPolicy policy, String method, String target) {
    return rejection(policy, method, target, "origin.test:8080", DESTINATION);
  }

  @Test
  void methods() {
    ConnectionPolicy deny = policy("deny-method", "TRACE,PUT");
    assertEquals("denied by deny-method=TRACE", rejection(deny, "TRACE", "/"));
    assertEquals("denied by deny-method=PUT", rejection(deny, "PUT", "/"));
    assertNull(rejection(deny, "trace", "/"), "methods are case-sensitive");
    ConnectionPolicy permit = policy("permit-method", "GET,HEAD");
    assertNull(rejection(permit, "GET", "/"));
    assertEquals("not permitted by permit-method=GET,HEAD", rejection(permit, "DELETE", "/"));
  }

  @Test
  void theFirstRuleInTheFixedOrderIsNamed() {
    ConnectionPolicy both = policy("deny-host", "origin.test", "deny-url", "*",
        "permit-method", "GET", "deny-method", "PUT");
    assertEquals("denied by deny-method=PUT", rejection(both, "PUT", "/"));
    assertEquals("not permitted by permit-method=GET", rejection(both, "POST", "/"));
    assertEquals("denied by deny-url=*", rejection(both, "GET", "/"));
  }

  @Test
  void urlsAreMatchedAsLoggedRawAndDecoded() {
    ConnectionPolicy deny = policy("deny-url", "*/admin*,http://Origin.TEST:8080/Secret/*");
    assertEquals("denied by deny-url=*/admin*", rejection(deny, "GET", "/admin/x"));
    assertEquals("denied by deny-url=*/admin*", rejection(deny, "GET", "/%61dmin"));
    assertEquals("denied by deny-url=*/admin*",
        rejection(deny, "GET", "http://other.test/admin"), "absolute-form: the SOCKS host");
    assertNull(rejection(deny, "GET", "/Admin"), "the path is case-sensitive");
    assertEquals("denied by deny-url=http://Origin.TEST:8080/Secret/*",
        rejection(deny, "GET", "/Secret/a", "x", new Endpoint("ORIGIN.test", 8080)));
    assertNull(rejection(deny, "GET", "/secret/a"));
    ConnectionPolicy permit = policy("permit-url", "http://origin.test:8080/public/*");
    assertNull(rejection(permit, "GET", "/public/a?b=c"));
    assertEquals("not permitted by permit-url=http://origin.test:8080/public/*",
        rejection(permit, "GET", "/private"));
    // the decoded form must be permitted too
    assertEquals("not permitted by permit-url=*/p%61*",
        rejection(policy("permit-url", "*/p%2561*"), "GET", "/p%61"));
    assertNull(rejection(policy("deny-url", "*<script>*"), "GET", "/a%3Cscript"));
    assertEquals("denied by deny-url=*<script>*",
        rejection(policy("deny-url", "*%3Cscript%3E*"), "GET", "/a%3Cscript%3E"));
  }

  @Test
  void hosts() {
    ConnectionPolicy deny = policy("deny-host", "*.evil.test,!ok.evil.test");
    assertEquals("denied by deny-host=*.evil.test,!ok.evil.test",
        rejection(deny, "GET", "/", "x.test", new Endpoint("a.evil.test", 80)));
    assertEquals("denied by deny-host=*.evil.test,!ok.evil.test",
        rejection(deny, "GET", "/", "A.Evil.Test.:8080", DESTINATION), "the Host it names");
    assertEquals("denied by deny-host=*.evil.test,!ok.evil.test",
        rejection(deny, "GET", "http://a.evil.test/x", "x.test", DESTINATION),
        "the absolute-form authority");
    assertEquals("denied by deny-host=*.evil.test,!ok.evil.test",
        rejection(deny, "GET", "/", "x.test", new Endpoint("a.evil.test.", 80)),
        "a trailing dot is the same host");
    assertNull(rejection(deny, "GET", "/", "ok.evil.test", new Endpoint("ok.evil.test", 80)));
    ConnectionPolicy ports = policy("deny-host", "*:{25,8080}");
    assertEquals("denied by deny-host=*:{25,8080}",
        rejection(ports, "GET", "/", "x.test:8080", new Endpoint("x.test", 81)));
    assertNull(rejection(ports, "GET", "/", "x.test", new Endpoint("x.test", 81)));
    ConnectionPolicy permit = policy("permit-host", "127.0.0.0/8,origin.test");
    assertNull(rejection(permit, "GET", "/", "evil.test", DESTINATION),
        "permit-host looks at the SOCKS destination only");
    assertNull(rejection(permit, "GET", "/", "x", new Endpoint("127.0.0.1", 80)));
    assertEquals("not permitted by permit-host=127.0.0.0/8,origin.test",
        rejection(permit, "GET", "/", "origin.test", new Endpoint("other.test", 80)));
  }

  @Test
  void mountsAreFoundByPrefixFirstMatchFirst() {
    ConnectionPolicy mounts = policy("mount",
        "/docs/api/*=http://api.internal/v1/*,/docs/*=http://docs.internal:8080/manual/*");
    assertEquals("/v1/x", mounts.mountFor("/docs/api/x").rewriteTarget("/docs/api/x"));
    Mount docs = mounts.mountFor("/docs/a/b?x");
    assertEquals("/manual/a/b?x", docs.rewriteTarget("/docs/a/b?x"));
    assertEquals("docs.internal:8080", docs.authority());
    assertEquals(new Endpoint("docs.internal", 8080), docs.endpoint());
    assertEquals(new Endpoint("api.internal", 80), mounts.mountFor("/docs/api/").endpoint());
    assertNull(mounts.mountFor("/docs"));
    assertNull(mounts.mountFor("/other/docs/"));
    assertNull(mounts.mountFor("*"));
    assertNull(mounts.mountFor("origin.test:443"));
  }

  @Test
  void mountedRedirectsAreMappedBack() {
    Mount docs = Mount.of("/docs/*", "http://docs.internal:8080/manual/*");
    String client = "proxy.test:8080";
    assertEquals("http://proxy.test:8080/docs/y",
        docs.rewriteLocation("http://docs.internal:8080/manual/y", client));
    assertEquals("http://proxy.test:8080/docs/y?q#f",
        docs.rewriteLocation("HTTP://Docs.Internal:8080/manual/y?q#f", client));
    assertEquals("http://proxy.test:8080/docs/",
        docs.rewriteLocation("/manual/", client));
    assertEquals("/manualx", docs.rewriteLocation("/manualx", client));
    assertEquals("http://docs.internal:8081/manual/y",
        docs.rewriteLocation("http://docs.internal:8081/manual/y", client));
    assertEquals("http://elsewhere.test/manual/y",
        docs.rewriteLocation("http://elsewhere.test/manual/y", client));
    assertEquals("//docs.internal:8080/manual/y",
        docs.rewriteLocation("//docs.internal:8080/manual/y", client));
    assertEquals("https://docs.internal:8080/manual/y",
        docs.rewriteLocation("https://docs.internal:8080/manual/y", client));
    Mount port80 = Mount.of("/d/*", "http://docs.internal/m/*");
    assertEquals("http://c/d/1", port80.rewriteLocation("http://docs.internal:80/m/1", "c"));
    assertEquals("http://c/d/1", port80.rewriteLocation("http://docs.internal/m/1", "c"));
  }

  @Test
  void headerRulesKillThenReplaceThenAdd() {
    ConnectionPolicy rules = policy("kill-qhead", "Cookie,X-Gone",
        "replace-qhead", "User-Agent:SocksTap,Accept:a,Accept:b",
        "add-qhead", "X-Gone:back,Via:1.1%20sockstap");
    Headers headers = new Headers().add("Host", "h").add("Cookie", "s=1")
        .add("user-agent", "curl").add("X-Gone", "1").add("Accept", "*/*").add("cookie", "t=2");
    rules.requestRules().apply(headers);
    assertEquals(List.of(new HeaderField("Host", "h"), new HeaderField("User-Agent", "SocksTap"),
        new HeaderField("Accept", "a"), new HeaderField("Accept", "b"),
        new HeaderField("X-Gone", "back"), new HeaderField("Via", "1.1 sockstap")),
        headers.fields());
    assertTrue(rules.responseRules().isEmpty());
    assertFalse(rules.isEmpty());
  }

  @Test
  void globsMatchWithStarsOnly() {
    assertTrue(UrlGlob.matches("*", ""));
    assertTrue(UrlGlob.matches("a*b*c", "aXbYbc"));
    assertTrue(UrlGlob.matches("*a", "aaa"));
    assertFalse(UrlGlob.matches("a*b", "ab c"));
    assertFalse(UrlGlob.matches("a?", "ab"), "? is literal");
    assertTrue(UrlGlob.matches("a?", "a?"));
    assertFalse(UrlGlob.matches("*a*a*a*a*a*b", "a".repeat(5000)), "no blow-up");
    assertEquals("http://a.b:80/Path", UrlGlob.lowerAuthority("HTTP://A.B:80/Path"));
    assertEquals("*/X?u=HTTP://A", UrlGlob.lowerAuthority("*/X?u=HTTP://A"));
  }
}
