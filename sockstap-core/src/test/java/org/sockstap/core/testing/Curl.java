package org.sockstap.core.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs curl, a real and strict SOCKS client, through a SocksTap server. A test that needs curl is
 * skipped, with the reason, when curl is not on the PATH ({@code .ci/run} installs it).
 */
public final class Curl {
  private static volatile Boolean present;

  private Curl() {}

  /**
   * Returns whether curl runs here.
   *
   * @return true when {@code curl --version} succeeds
   */
  public static boolean present() {
    Boolean known = present;
    if (known == null) {
      try {
        Process p = new ProcessBuilder("curl", "--version").redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        known = p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
      } catch (IOException e) {
        known = false;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        known = false;
      }
      present = known;
    }
    return known;
  }

  /**
   * Runs curl through the proxy with {@code --socks5-hostname} and checks that it succeeded.
   *
   * @param proxy the SOCKS server
   * @param options curl's further options and URLs
   * @return what curl printed (standard output and error)
   * @throws Exception when curl cannot run or fails
   */
  public static String through(InetSocketAddress proxy, String... options) throws Exception {
    assumeTrue(present(), "curl is not on the PATH (.ci/run installs it)");
    List<String> command = new ArrayList<>(List.of("curl", "-sS", "--max-time", "15",
        "--socks5-hostname", "127.0.0.1:" + proxy.getPort()));
    command.addAll(List.of(options));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(30, TimeUnit.SECONDS), "curl finished");
    assertEquals(0, p.exitValue(), out);
    return out;
  }
}
