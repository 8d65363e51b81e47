package org.sockstap.examples.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OptionsParserTest {
  private static ClientOptions client(String... args) throws UsageException {
    return assertInstanceOf(OptionsParser.Client.class, OptionsParser.parse(List.of(args)))
        .options();
  }

  @Test
  void defaultsAreTheCTools() throws UsageException {
    ClientOptions o = client("rate", "-a", "127.0.0.1:17001");
    assertNull(o.proxy());
    assertFalse(o.socks());
    assertEquals(4, o.threads());
    assertEquals(1, o.conns());
    assertEquals(10, o.durationSeconds());
    assertEquals(0, o.count());
    assertEquals(32, o.size());
    assertEquals(1L << 30, o.bytes());
    assertEquals(Direction.DOWN, o.direction());
    assertEquals("/1024", o.path());
    assertEquals(100, o.keepAlive());
    assertEquals(5, o.holdSeconds());
    assertEquals(0, o.pid());
    assertEquals(5000, o.timeoutMillis());
    assertEquals(new InetSocketAddress("127.0.0.1", 17001), o.target().resolved());
  }

  @Test
  void shortAttachedAndLongFormsMeanTheSame() throws UsageException {
    ClientOptions o = client("stream", "-x127.0.0.1:1080", "--target=[::1]:17003",
        "--conns", "8", "-b", "2G", "-D", "up", "-d", "60", "-P",
        Long.toString(ProcessHandle.current().pid()), "-w", "100");
    assertEquals(new InetSocketAddress("127.0.0.1", 1080), o.proxy());
    assertTrue(o.socks());
    assertEquals("::1", o.target().host());
    assertEquals("[::1]:17003", o.target().hostPort());
    assertEquals(8, o.conns());
    assertEquals(2L << 30, o.bytes());
    assertEquals(Direction.UP, o.direction());
    assertEquals(60, o.durationSeconds());
    assertEquals(ProcessHandle.current().pid(), o.pid());
    assertEquals(100, o.timeoutMillis());
  }

  @Test
  void aLoopbackNameIsKeptForTheProxyToResolve() throws UsageException {
    ClientOptions o = client("rate", "-x", "127.0.0.1:1080", "-a", "localhost:17004", "-4", "-U",
        "bob:pw", "-C");
    assertEquals("localhost", o.target().host());
    assertNull(o.target().literal());
    assertTrue(o.target().resolved().getAddress().isLoopbackAddress());
    assertTrue(o.socks4());
    assertTrue(o.serverClose());
    assertEquals("bob", o.credentials().user());
    assertEquals("pw", o.credentials().password());
  }

  @Test
  void serveTakesLoopbackListenersWithPortZero() throws UsageException {
    ServeOptions o = assertInstanceOf(OptionsParser.Serve.class, OptionsParser.parse(List.of(
        "serve", "--echo", "127.0.0.1:0", "--http=[::1]:17180", "--http-size", "1m"))).options();
    assertEquals(List.of(TargetKind.ECHO, TargetKind.HTTP), List.copyOf(o.listeners().keySet()));
    assertEquals(1 << 20, o.httpSize());
    assertEquals(0, o.durationSeconds());
  }

  @Test
  void helpAnywhereWins() throws UsageException {
    assertInstanceOf(OptionsParser.Help.class,
        OptionsParser.parse(List.of("rate", "-t", "0", "--help")));
    assertInstanceOf(OptionsParser.Help.class, OptionsParser.parse(List.of("-h")));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "''| no mode (expected: rate, stream, http, idle or serve; --help lists the options)",
      "bench| bench: unknown mode (expected: rate, stream, http, idle or serve)",
      "rate| -a: missing (expected: -a HOST:PORT, the target server)",
      "rate -a 127.0.0.1:1 -z| -z: unknown option (expected: one of --help)",
      "rate -a 127.0.0.1:1 --zap=1| --zap=1: unknown option (expected: one of --help)",
      "rate -a 127.0.0.1:1 extra| extra: unexpected argument (expected: options after the mode)",
      "rate -a 127.0.0.1:1 -t| -t: missing value (expected: -t N)",
      "rate -a 127.0.0.1:1 -t 0| -t: 0 (expected: a whole number, 1-4096)",
      "rate -a 127.0.0.1:1 -t four| -t: four (expected: a whole number, 1-4096)",
      "rate -a 127.0.0.1:1 -t 2 -t 3| -t: given twice (expected: once)",
      "rate -a 127.0.0.1:1 -C3| -C3: unknown option (expected: one of --help)",
      "rate -a 127.0.0.1:1 --server-close=yes| -C: takes no value",
      "rate -a 127.0.0.1:1 -b 1m| -b: not used by rate",
      "stream -a 127.0.0.1:1 -b 12x| -b: 12x (expected: a size of 1-1048576G bytes, such"
          + " as 64, 1k, 1m or 2G)",
      "stream -a 127.0.0.1:1 -D sideways| -D: sideways (expected: down, up or both)",
      "rate -a 127.0.0.1:1 -s 5000| -s: 5000 (expected: a size of 1-4096 bytes, such as 64, 1k,"
          + " 1m or 2G)",
      "rate -a 127.0.0.1| -a: 127.0.0.1 (expected: HOST:PORT on loopback, such as 127.0.0.1:1080"
          + " or [::1]:1080)",
      "rate -a 127.0.0.1:0| -a: 127.0.0.1:0 (expected: HOST:PORT on loopback, such as"
          + " 127.0.0.1:1080 or [::1]:1080)",
      "rate -a 127.0.0.1:65536| -a: 127.0.0.1:65536 (expected: HOST:PORT on loopback, such as"
          + " 127.0.0.1:1080 or [::1]:1080)",
      "rate -a ::1:80| -a: ::1:80 (expected: an IPv6 address in brackets, as [::1]:1080)",
      "rate -a 192.0.2.1:80| -a: 192.0.2.1:80 is not a loopback address (expected: HOST:PORT on"
          + " loopback, such as 127.0.0.1:1080 or [::1]:1080)",
      "rate -a 127.0.0.1:1 -x 10.0.0.1:1080| -x: 10.0.0.1:1080 is not a loopback address"
          + " (expected: HOST:PORT on loopback, such as 127.0.0.1:1080 or [::1]:1080)",
      "serve --echo 192.0.2.1:0| --echo: 192.0.2.1:0 is not a loopback address (expected:"
          + " HOST:PORT on loopback, such as 127.0.0.1:1080 or [::1]:1080; port 0 picks one)",
      "serve| serve: no target (expected: at least one of --echo, --echo-line, --sink, --source,"
          + " --http HOST:PORT)",
      "serve --echo 127.0.0.1:0 -t 2| -t: not used by serve",
      "rate -a [::1]:80 -x 127.0.0.1:1 -4| -4: [::1]:80 (expected: an IPv4 address or a name;"
          + " SOCKS4 cannot carry IPv6)",
      "http -a 127.0.0.1:1 -H| -H: needs -x, and no -4 or -U (expected: -H -x HOST:PORT of an HTTP"
          + " proxy)",
      "rate -a 127.0.0.1:1 -U secret| -U: no ':' (expected: USER:PASS)",
      "rate -a 127.0.0.1:1 -U bob:| -U: password: 0 bytes (expected: 1-255)",
      "http -a 127.0.0.1:1 -p index| -p: index (expected: a path starting with /, printable ASCII"
          + " without spaces)",
      "rate -a 127.0.0.1:1 -P 0| -P: 0 (expected: the PID of a running process; needs Linux"
          + " /proc)"})
  void mistakesAreOneClearLine(String commandLine, String message) {
    List<String> args = commandLine.isEmpty() ? List.of() : List.of(commandLine.split(" "));
    UsageException e = assertThrows(UsageException.class, () -> OptionsParser.parse(args));
    assertEquals(message, e.getMessage());
  }

  @Test
  void aUsageErrorExitsWith2AndOneLineOnStandardError() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status = SocksLoad.run(new String[] {"rate", "-a", "127.0.0.1:1", "-t", "0"},
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), null);
    assertEquals(SocksLoad.EXIT_USAGE, status);
    assertEquals("", out.toString(StandardCharsets.UTF_8));
    assertEquals("socksload: -t: 0 (expected: a whole number, 1-4096)"
        + System.lineSeparator(), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void helpListsEveryModeAndOptionAndExits0() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int status = SocksLoad.run(new String[] {"--help"},
        new PrintStream(out, true, StandardCharsets.UTF_8), System.err, null);
    assertEquals(SocksLoad.EXIT_OK, status);
    String help = out.toString(StandardCharsets.UTF_8);
    for (Mode mode : Mode.values()) {
      assertTrue(help.contains("\n  " + mode.cliName() + "\n"), mode.cliName());
    }
    for (Option option : Option.values()) {
      assertTrue(help.contains("--" + option.longName()), option.longName());
    }
    for (String line : help.split("\n")) {
      assertTrue(line.length() <= 100, line);
    }
  }
}
