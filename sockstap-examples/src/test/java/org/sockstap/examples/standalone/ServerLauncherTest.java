package org.sockstap.examples.standalone;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sockstap.examples.testing.EchoServer;
import org.sockstap.examples.testing.LineSink;

/**
 * The launcher as {@code main} runs it. The tests that start a server need the rule parsers of
 * sockstap-core (the default tap rule and access rule are parsed by the builder).
 */
class ServerLauncherTest {
  private static final Pattern LISTENING =
      Pattern.compile("SocksTap listening on 127\\.0\\.0\\.1:(\\d+)");

  @TempDir Path dir;

  private final LineSink out = new LineSink();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private final AtomicReference<Thread> hook = new AtomicReference<>();
  private final ServerLauncher launcher = new ServerLauncher(out.printStream(),
      new PrintStream(err, true, StandardCharsets.UTF_8), hook::set);

  private String errorLine() {
    String text = err.toString(StandardCharsets.UTF_8);
    assertTrue(text.startsWith("sockstap: "), text);
    assertEquals(1, text.lines().count(), text);
    return text.strip();
  }

  @ParameterizedTest
  @ValueSource(strings = {"0.0.0.0:0", "[::]:0"})
  void refusesAnOpenProxyWithExitStatusTwoAndOneLine(String listen) {
    assertEquals(2, launcher.run("--listen", listen));
    assertEquals("sockstap: --listen " + listen + ": reachable from other hosts without"
        + " authentication (expected: --user NAME:PASSWORD, or --allow-remote to run an open"
        + " proxy)", errorLine());
    assertEquals(List.of(), out.drainLines());
  }

  @Test
  void usageErrorsExitTwoWithOneLine() {
    assertEquals(2, launcher.run("--listen", "127.0.0.1:1", "--bogus"));
    assertEquals("sockstap: unknown option: --bogus (see --help)", errorLine());
  }

  @Test
  void anUnreadableConfigExitsTwo() {
    assertEquals(2, launcher.run("--config", dir.resolve("none.conf").toString()));
    assertTrue(errorLine().startsWith("sockstap: --config: "));
  }

  @Test
  void anAccessLogThatCannotBeOpenedExitsOneBeforeAnythingListens() throws Exception {
    Path file = Files.writeString(dir.resolve("file"), "x");
    assertEquals(1, launcher.run("--listen", "127.0.0.1:0",
        "--access-log", file.resolve("access.log").toString()));
    assertTrue(errorLine().startsWith("sockstap: --access-log "));
  }

  // --- the tests below start a server, so they need the rule parsers of sockstap-core ---

  @Test
  void runsRelaysAndShutsDownGracefully() throws Exception {
    Path accessLog = dir.resolve("access.log");
    try (EchoServer echo = EchoServer.start()) {
      CompletableFuture<Integer> exit = new CompletableFuture<>();
      Thread main = new Thread(() -> exit.complete(launcher.run(
          "--listen", "127.0.0.1:0", "--access-log", accessLog.toString())), "launcher");
      main.start();

      String line = null;
      for (int i = 0; i < 200 && line == null && !exit.isDone(); i++) {
        line = out.nextLine(Duration.ofMillis(100));
      }
      assertNotNull(line, () -> "no listening line; stderr: " + err);
      Matcher listening = LISTENING.matcher(line);
      assertTrue(listening.matches(), line);
      InetSocketAddress proxy = new InetSocketAddress(
          InetAddress.getByName("127.0.0.1"), Integer.parseInt(listening.group(1)));

      byte[] message = "hello through sockstap\n".getBytes(StandardCharsets.US_ASCII);
      try (Socket socket = new Socket(new Proxy(Proxy.Type.SOCKS, proxy))) {
        socket.setSoTimeout(10_000);
        socket.connect(InetSocketAddress.createUnresolved("127.0.0.1", echo.port()), 10_000);
        socket.getOutputStream().write(message);
        socket.shutdownOutput();
        assertArrayEquals(message, socket.getInputStream().readAllBytes());
      }
      awaitLogLine(accessLog, " closed ");

      Thread shutdown = awaitHook();
      shutdown.start(); // what the JVM does on Ctrl-C or SIGTERM
      assertEquals(0, exit.get(20, TimeUnit.SECONDS));
      shutdown.join(20_000);
      assertEquals("", err.toString(StandardCharsets.UTF_8));
      String log = Files.readString(accessLog);
      assertTrue(log.contains(" 127.0.0.1:" + echo.port() + " - closed "), log);
      assertThrows(IOException.class, () -> {
        try (Socket refused = new Socket()) {
          refused.connect(proxy, 2_000);
        }
      }, "the listener is closed");
    }
  }

  @Test
  void aPortInUseExitsOneWithOneLine() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      assertEquals(1, launcher.run("--listen", "127.0.0.1:" + taken.getLocalPort()));
      assertTrue(errorLine().startsWith(
          "sockstap: cannot listen on 127.0.0.1:" + taken.getLocalPort() + ": "), err::toString);
    }
  }

  @Test
  void aRuleTheBuilderRejectsExitsTwoNamingTheOption() {
    assertEquals(2, launcher.run("--listen", "127.0.0.1:0", "--tap", "*:::connect=sometimes"));
    assertTrue(errorLine().startsWith("sockstap: --tap *:::connect=sometimes: "), err::toString);
  }

  @Test
  void aRemoteListenerStartsWithUsersOrAllowRemote() throws Exception {
    for (String[] args : new String[][] {
        {"--listen", "0.0.0.0:0", "--user", "alice:secret"},
        {"--listen", "0.0.0.0:0", "--allow-remote", "--permit", "*"}}) {
      Options options = OptionsParser.parse(List.of(args));
      try (ServerLauncher.Running running = launcher.start(options)) {
        assertEquals(0, running.server().localAddress().getAddress().getAddress()[0]);
        String line = out.nextLine(Duration.ofSeconds(5));
        assertNotNull(line);
        // a dual-stack listener bound to 0.0.0.0 reports (and serves) the IPv6 wildcard
        assertTrue(line.matches("SocksTap listening on (0\\.0\\.0\\.0|\\[::\\]):\\d+"), line);
      }
    }
  }

  private Thread awaitHook() throws InterruptedException {
    // the hook is registered just after the listening line is printed
    for (int i = 0; i < 200 && hook.get() == null; i++) {
      Thread.sleep(50);
    }
    Thread shutdown = hook.get();
    assertNotNull(shutdown, "no shutdown hook registered");
    return shutdown;
  }

  private static void awaitLogLine(Path file, String part) throws Exception {
    for (int i = 0; i < 200; i++) {
      if (Files.exists(file) && Files.readString(file).contains(part)) {
        return;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("no line with '" + part + "' in " + file);
  }
}
