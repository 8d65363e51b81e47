package org.sockstap.protocols.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.sockstap.api.ConnectionInfo;
import org.sockstap.api.Endpoint;
import org.sockstap.api.HostPattern;
import org.sockstap.api.Peer;
import org.sockstap.api.ServerConnection;
import org.sockstap.api.TappedConnection;
import org.sockstap.api.Transaction;
import org.sockstap.core.rules.HostList;
import org.sockstap.core.rules.HostRef;

/** The policy's decisions, on a connection that has parameters and nothing else. */
class SniPolicyTest {

  private final SniPolicy policy = new SniPolicy();

  private static ClientHello hello(@Nullable String sni) {
    return new ClientHello(0x0301, 0x0303, 0x0304, sni, false, List.of(), 100, 1);
  }

  private static final ClientHello MALFORMED_SNI =
      new ClientHello(0x0301, 0x0303, 0x0304, null, true, List.of(), 100, 1);

  @Test
  void letsEverythingPassWithoutParameters() {
    Params c = new Params(Map.of());
    assertNull(policy.rejection(c, hello("www.example.test")));
    assertNull(policy.rejection(c, hello(null)));
    assertNull(policy.rejection(c, MALFORMED_SNI));
    assertNull(policy.rejection(c, null));
  }

  @Test
  void rejectsListedNamesWithoutRegardToCaseOrATrailingDot() {
    Params c = new Params(Map.of("reject-sni", "*.example.test,blocked.example"));
    assertEquals("reject-sni", policy.rejection(c, hello("www.example.test")));
    assertEquals("reject-sni", policy.rejection(c, hello("WWW.Example.TEST.")));
    assertEquals("reject-sni", policy.rejection(c, hello("example.test")));
    assertEquals("reject-sni", policy.rejection(c, hello("blocked.example")));
    assertNull(policy.rejection(c, hello("www.example.org")));
    assertNull(policy.rejection(c, hello(null)), "reject-sni alone does not require a name");
  }

  @Test
  void permitsOnlyListedNames() {
    Params c = new Params(Map.of("permit-sni", "*.example.test,!secret.example.test"));
    assertNull(policy.rejection(c, hello("www.example.test")));
    assertEquals("permit-sni", policy.rejection(c, hello("secret.example.test")));
    assertEquals("permit-sni", policy.rejection(c, hello("www.example.org")));
    assertEquals("permit-sni", policy.rejection(c, hello(null)));
  }

  @Test
  void rejectionWinsOverPermission() {
    Params c = new Params(Map.of("permit-sni", "*.example.test", "reject-sni", "bad.example.test"));
    assertEquals("reject-sni", policy.rejection(c, hello("bad.example.test")));
    assertNull(policy.rejection(c, hello("good.example.test")));
  }

  @Test
  void matchesWithTheDestinationPort() {
    Params c = new Params(Map.of("reject-sni", "*.example.test:8443"));
    assertNull(policy.rejection(c, hello("www.example.test")));
    Params other = new Params(Map.of("reject-sni", "*.example.test:8443"), 8443, null);
    assertEquals("reject-sni", policy.rejection(other, hello("www.example.test")));
  }

  @Test
  void requiresAServerNameWhenAsked() {
    for (String on : List.of("", "true", "TRUE")) {
      Params c = new Params(Map.of("require-sni", on));
      assertEquals("require-sni", policy.rejection(c, hello(null)), on);
      assertNull(policy.rejection(c, hello("www.example.test")), on);
    }
    assertNull(policy.rejection(new Params(Map.of("require-sni", "false")), hello(null)));
  }

  @Test
  void rejectsWhatItCannotReadOnceAPolicyIsSet() {
    for (Map<String, String> params : List.of(Map.of("reject-sni", "*.example.test"),
        Map.of("permit-sni", "*"), Map.of("require-sni", "true"))) {
      Params c = new Params(params);
      assertEquals("malformed-hello", policy.rejection(c, null), params.toString());
      assertEquals("malformed-sni", policy.rejection(c, MALFORMED_SNI), params.toString());
    }
  }

  @Test
  void failsOnMalformedParameters() {
    IllegalArgumentException flag = assertThrows(IllegalArgumentException.class,
        () -> policy.rejection(new Params(Map.of("require-sni", "yes")), hello(null)));
    assertEquals("require-sni: yes (expected: true or false)", flag.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> policy.rejection(new Params(Map.of("reject-sni", "")), hello("a.example")));
    assertThrows(IllegalArgumentException.class,
        () -> policy.rejection(new Params(Map.of("permit-sni", "a,,b")), hello("a.example")));
  }

  @Test
  void compilesEachListOnceAcrossConnections() {
    Params first = new Params(Map.of("reject-sni", "*.example.test"));
    Params second = new Params(Map.of("reject-sni", "*.example.test"));
    policy.rejection(first, hello("a.example.test"));
    policy.rejection(first, hello("b.example.test"));
    policy.rejection(second, hello("c.example.test"));
    assertEquals(1, first.compiled.get() + second.compiled.get());
    assertEquals(1, policy.cached());
  }

  @Test
  void listsNamingUsersNeverMatchAServerName() {
    // users belong to access rules; a handler's host pattern is shared by every connection
    Params alice = new Params(Map.of("reject-sni", "alice@*.example.test"), 443, "alice");
    assertNull(policy.rejection(alice, hello("www.example.test")));
  }

  @Test
  void keepsOnlyAFewCompiledLists() {
    for (int i = 0; i < 200; i++) {
      policy.rejection(new Params(Map.of("reject-sni", "host" + i + ".example")),
          hello("x.example"));
    }
    assertTrue(policy.cached() <= 64, "cached " + policy.cached());
    assertFalse(policy.cached() == 0);
  }

  /**
   * A connection with parameters, compiling host lists the way the server does (its own rule
   * classes). Nothing else is reachable.
   */
  private static final class Params implements TappedConnection {
    private final Map<String, String> params;
    private final ConnectionInfo info;
    final AtomicInteger compiled = new AtomicInteger();

    Params(Map<String, String> params) {
      this(params, 443, null);
    }

    Params(Map<String, String> params, int port, @Nullable String user) {
      this.params = params;
      this.info = new ConnectionInfo("c1", new InetSocketAddress("127.0.0.1", 40000), user,
          new Endpoint("www.example.test", port), 5, Instant.now());
    }

    @Override
    public ConnectionInfo info() {
      return info;
    }

    @Override
    public String protocol() {
      return "tls";
    }

    @Override
    public Map<String, String> params() {
      return params;
    }

    @Override
    public HostPattern hostPattern(String hostList) {
      compiled.incrementAndGet();
      HostList list = HostList.parse(hostList);
      return (host, port) -> list.matches(new HostRef(host, null, port, null));
    }

    @Override
    public Peer client() {
      throw new UnsupportedOperationException();
    }

    @Override
    public boolean isServerConnected() {
      throw new UnsupportedOperationException();
    }

    @Override
    public ServerConnection server() {
      throw new UnsupportedOperationException();
    }

    @Override
    public ServerConnection connect(Endpoint endpoint) {
      throw new UnsupportedOperationException();
    }

    @Override
    public ByteBuffer serverBytesAlreadyRelayed() {
      throw new UnsupportedOperationException();
    }

    @Override
    public void relayOpaquely() {
      throw new UnsupportedOperationException();
    }

    @Override
    public void relayOpaquely(ServerConnection server) {
      throw new UnsupportedOperationException();
    }

    @Override
    public org.sockstap.api.@Nullable Cache cache() {
      return null;
    }

    @Override
    public void accessLog(String line) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void transaction(Transaction transaction) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Duration idleTimeout() {
      throw new UnsupportedOperationException();
    }
  }
}
