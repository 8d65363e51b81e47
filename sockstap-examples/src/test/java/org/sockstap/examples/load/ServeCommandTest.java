package org.sockstap.examples.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code serve} from the command line: the addresses it prints, and a port already taken. */
class ServeCommandTest {
  @Test
  void printsTheRealAddressesServesAndStops() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    CountDownLatch stop = new CountDownLatch(1);
    AtomicInteger status = new AtomicInteger(-1);
    Thread serve = new Thread(() -> status.set(SocksLoad.run(
        new String[] {"serve", "--echo", "127.0.0.1:0", "--source", "127.0.0.1:0"},
        new PrintStream(out, true, StandardCharsets.UTF_8), System.err, stop)));
    serve.start();
    try {
      long deadline = System.nanoTime() + 5_000_000_000L;
      while (!out.toString(StandardCharsets.UTF_8).contains("serving on")) {
        assertTrue(System.nanoTime() < deadline, "no serving line");
        Thread.sleep(10);
      }
      String text = out.toString(StandardCharsets.UTF_8);
      Matcher echo = Pattern.compile("echo on 127\\.0\\.0\\.1:(\\d+)").matcher(text);
      assertTrue(echo.find(), text);
      assertTrue(text.contains("source on 127.0.0.1:"), text);
      try (Socket socket = new Socket(InetAddress.getLoopbackAddress(),
          Integer.parseInt(echo.group(1)))) {
        socket.setSoTimeout(5000);
        socket.getOutputStream().write('7');
        assertEquals('7', socket.getInputStream().read());
      }
    } finally {
      stop.countDown();
      serve.join(5000);
    }
    assertEquals(SocksLoad.EXIT_OK, status.get());
  }

  @Test
  void aTakenPortIsOneLineAndExit1() throws IOException {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      int status = SocksLoad.run(new String[] {"serve", "--echo", "127.0.0.1:0", "--sink",
          "127.0.0.1:" + taken.getLocalPort()}, System.out,
          new PrintStream(err, true, StandardCharsets.UTF_8), new CountDownLatch(0));
      assertEquals(SocksLoad.EXIT_FAILED, status);
      String line = err.toString(StandardCharsets.UTF_8);
      assertTrue(line.startsWith("socksload: sink: cannot listen on /127.0.0.1:"
          + taken.getLocalPort() + ": "), line);
      assertEquals(1, line.split("\\R").length, line);
    }
  }
}
