package org.sockstap.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.sockstap.core.testing.SocksTapExtension;

/** curl, a real and strict SOCKS client, through the server with every SOCKS flavour it has. */
class CurlTest {
  private static boolean curlPresent;

  @RegisterExtension
  final SocksTapExtension tap = SocksTapExtension.configure(b -> b);

  private HttpServer origin;

  @BeforeAll
  static void findCurl() {
    try {
      Process p = new ProcessBuilder("curl", "--version").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      curlPresent = p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException | InterruptedException e) {
      curlPresent = false;
    }
  }

  @BeforeEach
  void startOrigin() throws IOException {
    assumeTrue(curlPresent, "curl is not on the PATH (.ci/run installs it)");
    origin = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
    origin.createContext("/hello", exchange -> {
      byte[] body = ("hello " + exchange.getRequestMethod()).getBytes(StandardCharsets.US_ASCII);
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    origin.start();
  }

  @AfterEach
  void stopOrigin() {
    if (origin != null) {
      origin.stop(0);
    }
  }

  private String curl(String... options) throws Exception {
    List<String> command = new ArrayList<>(List.of("curl", "-sS", "--max-time", "10"));
    command.addAll(List.of(options));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(true, p.waitFor(20, TimeUnit.SECONDS), "curl finished");
    return p.exitValue() + ":" + out;
  }

  private String proxy() {
    return "127.0.0.1:" + tap.address().getPort();
  }

  @ParameterizedTest
  @ValueSource(strings = {"--socks4", "--socks4a", "--socks5", "--socks5-hostname"})
  void everySocksFlavourReachesTheOrigin(String flavour) throws Exception {
    String host = flavour.equals("--socks4") || flavour.equals("--socks5") ? "127.0.0.1" : "localhost";
    assertEquals("0:hello GET",
        curl(flavour, proxy(), "http://" + host + ":" + origin.getAddress().getPort() + "/hello"));
  }

  @Test
  void keepAliveWithSeveralUrlsInOneInvocation() throws Exception {
    String url = "http://localhost:" + origin.getAddress().getPort() + "/hello";
    assertEquals("0:hello GEThello GEThello GET",
        curl("--socks5-hostname", proxy(), url, url, url));
  }

  @Test
  void proxyUserWithTheRightPassword() throws Exception {
    tap.restart(b -> b.user("alice", "s3cret"));
    assertEquals("0:hello GET", curl("--socks5-hostname", proxy(), "--proxy-user", "alice:s3cret",
        "http://localhost:" + origin.getAddress().getPort() + "/hello"));
  }

  @Test
  void proxyUserWithAWrongPasswordFails() throws Exception {
    tap.restart(b -> b.user("alice", "s3cret"));
    String result = curl("--socks5-hostname", proxy(), "--proxy-user", "alice:nope",
        "http://localhost:" + origin.getAddress().getPort() + "/hello");
    assertEquals("97", result.substring(0, result.indexOf(':')), result);
  }
}
