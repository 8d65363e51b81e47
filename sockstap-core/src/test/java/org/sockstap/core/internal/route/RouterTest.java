package org.sockstap.core.internal.route;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.sockstap.core.rules.HostRef;

class RouterTest {
  private static final HostRef EXAMPLE = new HostRef("www.example.com", null, 443, "alice");
  private static final Connector SOCKS =
      new Socks5Connector(InetSocketAddress.createUnresolved("socks.example", 1080), null, null);
  private static final Connector HTTP =
      new HttpConnectConnector(InetSocketAddress.createUnresolved("http.example", 3128), null, null);

  @Test
  void withoutEntriesEverythingGoesDirect() {
    assertSame(DirectConnector.instance(), Router.direct().select("http", EXAMPLE));
    assertSame(DirectConnector.instance(), Router.direct().select(null, EXAMPLE));
    assertSame(DirectConnector.instance(), Router.of(List.of()).select("ftp", EXAMPLE));
    assertTrue(Router.direct().entries().isEmpty());
  }

  @Test
  void theFirstMatchingEntryWins() {
    Router router =
        new Router(
            List.of(
                new Router.Entry((protocol, destination) -> "http".equals(protocol), HTTP),
                new Router.Entry(
                    (protocol, destination) ->
                        destination.name() != null && destination.name().endsWith(".example.com"),
                    SOCKS),
                new Router.Entry((protocol, destination) -> true, DirectConnector.instance())),
            SOCKS);
    assertSame(HTTP, router.select("http", EXAMPLE));
    assertSame(SOCKS, router.select("smtp", EXAMPLE));
    assertSame(SOCKS, router.select(null, EXAMPLE));
    assertSame(
        DirectConnector.instance(),
        router.select("smtp", new HostRef(null, InetAddress.getLoopbackAddress(), 25, null)));
  }

  @Test
  void fallsBackWhenNothingMatches() {
    Router router = new Router(List.of(new Router.Entry((p, d) -> false, HTTP)), SOCKS);
    assertSame(SOCKS, router.select("http", EXAMPLE));
    assertSame(SOCKS, router.fallback());
  }

  @Test
  void passesTheProtocolAndDestinationThroughAndStopsAtTheFirstMatch() {
    List<String> calls = new CopyOnWriteArrayList<>();
    Router router =
        new Router(
            List.of(
                new Router.Entry(
                    (p, d) -> {
                      calls.add("first " + p + " " + d.name());
                      return false;
                    },
                    HTTP),
                new Router.Entry(
                    (p, d) -> {
                      calls.add("second " + p + " " + d.name());
                      return true;
                    },
                    SOCKS),
                new Router.Entry(
                    (p, d) -> {
                      calls.add("third");
                      return true;
                    },
                    HTTP)),
            DirectConnector.instance());
    assertSame(SOCKS, router.select(null, EXAMPLE));
    assertEquals(List.of("first null www.example.com", "second null www.example.com"), calls);
  }

  @Test
  void copiesItsEntries() {
    List<Router.Entry> entries = new ArrayList<>();
    entries.add(new Router.Entry((p, d) -> true, HTTP));
    Router router = new Router(entries, DirectConnector.instance());
    entries.clear();
    assertSame(HTTP, router.select("http", EXAMPLE));
    assertThrows(UnsupportedOperationException.class, () -> router.entries().clear());
  }

  @Test
  void rejectsNulls() {
    assertThrows(NullPointerException.class, () -> new Router.Entry(null, HTTP));
    assertThrows(NullPointerException.class, () -> new Router.Entry((p, d) -> true, null));
    assertThrows(NullPointerException.class, () -> new Router(List.of(), null));
    assertThrows(NullPointerException.class, () -> Router.direct().select("http", null));
  }

  @Test
  void describesItselfWithoutCredentials() {
    Connector withPassword =
        Connectors.fromUri("socks5://alice:hunter2@socks.example:1080");
    Router router = new Router(List.of(new Router.Entry((p, d) -> true, withPassword)), HTTP);
    String text = router.toString();
    assertTrue(text.contains("socks5://socks.example:1080"), text);
    assertTrue(text.endsWith("else http://http.example:3128"), text);
    assertTrue(!text.contains("hunter2") && !text.contains("alice"), text);
  }
}
