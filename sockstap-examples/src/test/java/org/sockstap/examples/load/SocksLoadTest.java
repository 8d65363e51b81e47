package org.sockstap.examples.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.sockstap.core.testing.SocksTapExtension;

/**
 * Every mode end to end on loopback: the targets and a SocksTap server in this JVM, small bounds,
 * and the RESULT figures checked. After each test the extension checks that SocksTap was left
 * with no connection, so every tunnel the load opened was also closed.
 */
class SocksLoadTest {
  @RegisterExtension
  final SocksTapExtension tap = SocksTapExtension.configure(b -> b);

  private static Targets targets;

  @BeforeAll
  static void startTargets() throws IOException {
    Map<TargetKind, InetSocketAddress> listen = new EnumMap<>(TargetKind.class);
    for (TargetKind kind : TargetKind.values()) {
      listen.put(kind, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    }
    targets = Targets.start(new ServeOptions(listen, 1024, 0));
  }

  @AfterAll
  static void stopTargets() {
    targets.close();
  }

  private String proxy() {
    return SocksLoad.hostPort(tap.address());
  }

  private static String target(TargetKind kind) {
    return SocksLoad.hostPort(targets.address(kind));
  }

  @Test
  void rateThroughSocks5() {
    LoadRun run = LoadRun.of("rate", "-x", proxy(), "-a", target(TargetKind.ECHO), "-t", "2",
        "-n", "200", "-d", "5");
    assertEquals(0, run.status(), run::toString);
    assertEquals(200, run.number("ok"));
    assertEquals(0, run.number("errors"));
    assertTrue(run.decimal("ops_s") > 0, run::toString);
    assertTrue(run.number("p50_us") <= run.number("p99_us"), run::toString);
    assertTrue(run.number("p99_us") <= run.number("max_us"), run::toString);
    assertTrue(run.out().startsWith("rate: 200 ops in "), run::toString);
  }

  @Test
  void rateWhereTheTargetClosesFirstOverSocks4WithCpuOfThisProcess() {
    LoadRun run = LoadRun.of("rate", "-x", proxy(), "-a", target(TargetKind.ECHO_LINE), "-C",
        "-4", "-t", "2", "-n", "100", "-P", Long.toString(ProcessHandle.current().pid()));
    assertEquals(0, run.status(), run::toString);
    assertEquals(100, run.number("ok"));
    assertTrue(run.decimal("cpu_s") >= 0, run::toString);
    assertTrue(run.result().containsKey("cpu_us_per_op"), run::toString);
  }

  @Test
  void rateWithUsernameAndPassword() {
    tap.restart(b -> b.user("alice", "secret"));
    LoadRun run = LoadRun.of("rate", "-x", proxy(), "-a", target(TargetKind.ECHO), "-U",
        "alice:secret", "-t", "1", "-n", "50");
    assertEquals(0, run.status(), run::toString);
    assertEquals(50, run.number("ok"));

    LoadRun refused = LoadRun.of("rate", "-x", proxy(), "-a", target(TargetKind.ECHO), "-U",
        "alice:wrong", "-t", "1", "-n", "3");
    assertEquals(1, refused.status(), refused::toString);
    assertEquals(3, refused.number("errors"));
    assertTrue(refused.out().contains("errors: 3 auth=3"), refused::toString);
  }

  @Test
  void rateDirectWithoutAProxy() {
    LoadRun run = LoadRun.of("rate", "-a", target(TargetKind.ECHO), "-t", "2", "-n", "300");
    assertEquals(0, run.status(), run::toString);
    assertEquals(300, run.number("ok"));
  }

  @Test
  void failuresAreCountedByStageAndExitWith1() throws IOException {
    int closed;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = socket.getLocalPort();
    }
    LoadRun viaProxy = LoadRun.of("rate", "-x", proxy(), "-a", "127.0.0.1:" + closed, "-t", "1",
        "-n", "5");
    assertEquals(1, viaProxy.status(), viaProxy::toString);
    assertEquals(0, viaProxy.number("ok"));
    assertTrue(viaProxy.out().contains("errors: 5 reply=5"), viaProxy::toString);

    LoadRun direct = LoadRun.of("rate", "-a", "127.0.0.1:" + closed, "-t", "1", "-n", "5");
    assertEquals(1, direct.status(), direct::toString);
    assertTrue(direct.out().contains("errors: 5 connect=5"), direct::toString);
  }

  @Test
  void aStalledProxyFailsEachOperationAfterTheTimeout() throws IOException {
    // a listener that never accepts: the kernel completes the connect, nothing ever answers
    try (ServerSocket stalled = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      long start = System.nanoTime();
      LoadRun run = LoadRun.of("rate", "-x", "127.0.0.1:" + stalled.getLocalPort(), "-a",
          target(TargetKind.ECHO), "-t", "2", "-n", "4", "-w", "200");
      double seconds = (System.nanoTime() - start) / 1e9;
      assertEquals(1, run.status(), run::toString);
      assertTrue(run.out().contains("errors: 4 greet=4"), run::toString);
      // two threads, two operations each, 200 ms plus at most a 50 ms tick per operation
      assertTrue(seconds >= 0.4 && seconds < 2, seconds + " s");
    }
  }

  @Test
  void streamDownUpAndBoth() {
    for (String[] dir : new String[][] {{"down", "SOURCE"}, {"up", "SINK"}, {"both", "ECHO"}}) {
      LoadRun run = LoadRun.of("stream", "-x", proxy(), "-a",
          target(TargetKind.valueOf(dir[1])), "-D", dir[0], "-c", "3", "-b", "6m", "-d", "10");
      assertEquals(0, run.status(), run::toString);
      assertEquals(dir[0], run.result().get("dir"));
      assertEquals(3, run.number("ok"));
      assertEquals(1, run.number("complete"));
      assertEquals(6.0, run.decimal("mib"), run::toString);
      assertTrue(run.decimal("MiBps") > 0, run::toString);
    }
  }

  @Test
  void streamThatRunsOutOfTimeIsIncomplete() {
    // an echo target never answers an upload with OK, and stalls once nobody reads its echo:
    // the share never completes and the clock ends the run
    LoadRun run = LoadRun.of("stream", "-x", proxy(), "-a", target(TargetKind.ECHO), "-D", "up",
        "-c", "1", "-b", "64m", "-d", "1");
    assertEquals(1, run.status(), run::toString);
    assertEquals(0, run.number("complete"));
    assertTrue(run.out().contains("(INCOMPLETE)"), run::toString);
  }

  @Test
  void httpSmallAndLargeBodiesThroughTheTunnel() {
    LoadRun small = LoadRun.of("http", "-x", proxy(), "-a", target(TargetKind.HTTP), "-t", "2",
        "-n", "300", "-k", "100", "-p", "/1k");
    assertEquals(0, small.status(), small::toString);
    assertEquals(300, small.number("ok"));
    assertEquals(0, small.number("hits"));

    LoadRun large = LoadRun.of("http", "-x", proxy(), "-a", target(TargetKind.HTTP), "-t", "1",
        "-n", "8", "-p", "/files/1m");
    assertEquals(0, large.status(), large::toString);
    assertEquals(8, large.number("ok"));
    assertTrue(large.out().contains(", cache hits=0"), large::toString);
  }

  @Test
  void httpCountsTheCacheHitsOfACachingProxy(@TempDir Path cache) {
    tap.restart(b -> b.cacheDirectory(cache, 16 << 20));
    LoadRun run = LoadRun.of("http", "-x", proxy(), "-a", target(TargetKind.HTTP), "-t", "1",
        "-n", "40", "-p", "/2k");
    assertEquals(0, run.status(), run::toString);
    assertEquals(40, run.number("ok"));
    assertTrue(run.number("hits") > 0 && run.number("hits") < 40, run::toString);
  }

  @Test
  void idleHoldsTunnelsAndMeasuresTheProcess() {
    LoadRun run = LoadRun.of("idle", "-x", proxy(), "-a", target(TargetKind.ECHO), "-c", "20",
        "-t", "4", "-S", "0", "-P", Long.toString(ProcessHandle.current().pid()));
    assertEquals(0, run.status(), run::toString);
    assertEquals(20, run.number("opened"));
    assertEquals(20, run.number("alive"));
    assertEquals(0, run.number("errors"));
    assertTrue(run.number("rss_before_kb") > 0, run::toString);
    assertTrue(run.number("pss_after_kb") > 0, run::toString);
    assertTrue(run.result().containsKey("rss_per_conn_B"), run::toString);
    assertTrue(run.result().containsKey("pss_per_conn_B"), run::toString);
  }
}
