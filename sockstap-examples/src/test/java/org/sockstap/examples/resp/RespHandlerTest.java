package org.sockstap.examples.resp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sockstap.api.Endpoint;
import org.sockstap.api.Transaction;

/**
 * The handler on real loopback sockets, between a test client and {@link FakeRedis}, with
 * {@link FakeTappedConnection} in place of the core.
 */
class RespHandlerTest {
  private FakeRedis redis;
  private Socket client;
  private FakeTappedConnection connection;
  private CompletableFuture<Void> handled;

  @BeforeEach
  void startRedis() throws IOException {
    redis = new FakeRedis();
  }

  @AfterEach
  void stop() throws Exception {
    if (client != null) {
      client.close();
    }
    if (handled != null) {
      handled.get(10, TimeUnit.SECONDS);
    }
    redis.close();
  }

  /** Starts the handler on a fresh connection, as the core would after detection. */
  private void open(Map<String, String> params) throws IOException {
    try (ServerSocket pair = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      client = new Socket(pair.getInetAddress(), pair.getLocalPort());
      client.setSoTimeout(10_000);
      Socket handlerSide = pair.accept();
      connection = new FakeTappedConnection(handlerSide,
          new Endpoint("127.0.0.1", redis.port()), params);
    }
    FakeTappedConnection c = connection;
    CompletableFuture<Void> done = new CompletableFuture<>();
    Thread thread = new Thread(() -> {
      try {
        new RespHandler().handle(c);
        done.complete(null);
      } catch (IOException | RuntimeException e) {
        done.completeExceptionally(e);
      } finally {
        try {
          c.closeAll();
        } catch (IOException e) {
          // already closed
        }
      }
    }, "resp-handler");
    thread.setDaemon(true);
    thread.start();
    handled = done;
  }

  private static String command(String... args) {
    StringBuilder text = new StringBuilder("*" + args.length + "\r\n");
    for (String arg : args) {
      text.append('$').append(arg.getBytes(StandardCharsets.UTF_8).length).append("\r\n")
          .append(arg).append("\r\n");
    }
    return text.toString();
  }

  private void send(String text) throws IOException {
    client.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
    client.getOutputStream().flush();
  }

  private String read(int bytes) throws IOException {
    return new String(client.getInputStream().readNBytes(bytes), StandardCharsets.UTF_8);
  }

  private String readToEnd() throws IOException {
    return new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
  }

  private List<String> verbs() {
    return connection.transactions().stream().map(Transaction::command)
        .collect(Collectors.toList());
  }

  @Test
  void forwardsCommandsAndRelaysReplies() throws Exception {
    open(Map.of());
    send(command("PING"));
    assertEquals("+PONG\r\n", read(7));
    send(command("SET", "greeting", "hello"));
    assertEquals("+OK\r\n", read(5));
    send(command("get", "greeting"));
    assertEquals("$5\r\nhello\r\n", read(11));
    send(command("GET", "missing"));
    assertEquals("$-1\r\n", read(5));
    send(command("NOPE"));
    assertEquals("-ERR unknown command 'NOPE'\r\n", read(29));
    client.shutdownOutput();
    assertEquals("", readToEnd());
    handled.get(10, TimeUnit.SECONDS);

    assertEquals(List.of("PING", "SET", "GET", "GET", "NOPE"), verbs());
    List<Transaction> transactions = connection.transactions();
    assertEquals(List.of("OK", "OK", "OK", "OK", "ERR"),
        transactions.stream().map(Transaction::outcome).collect(Collectors.toList()));
    assertEquals(command("PING").length(), transactions.get(0).bytesFromClient());
    assertEquals(7, transactions.get(0).bytesToClient());
    assertEquals(11, transactions.get(2).bytesToClient());
    assertFalse(connection.relayed());
  }

  @Test
  void answersPipelinedCommandsInOrderAndNeverForwardsDeniedOnes() throws Exception {
    open(Map.of("deny", "flushall, Config"));
    send(command("SET", "a", "1") + command("FLUSHALL") + command("GET", "a")
        + command("config", "get", "*") + "PING\r\n" + command("DEL", "a"));
    client.shutdownOutput();
    assertEquals("+OK\r\n"
        + "-ERR command 'FLUSHALL' is denied by SocksTap policy\r\n"
        + "$1\r\n1\r\n"
        + "-ERR command 'CONFIG' is denied by SocksTap policy\r\n"
        + "+PONG\r\n"
        + ":1\r\n", readToEnd());
    handled.get(10, TimeUnit.SECONDS);
    assertEquals(List.of("SET", "GET", "PING", "DEL"), redis.received());
    assertEquals(List.of("SET", "FLUSHALL", "GET", "CONFIG", "PING", "DEL"), verbs());
    assertEquals("DENIED", connection.transactions().get(1).outcome());
  }

  @Test
  void logsOnlyTheCommandNameNeverItsArguments() throws Exception {
    open(Map.of());
    send(command("AUTH", "S3cr3t-sentinel") + command("PING"));
    client.shutdownOutput();
    String replies = readToEnd();
    assertTrue(replies.endsWith("+PONG\r\n"), replies);
    handled.get(10, TimeUnit.SECONDS);
    assertEquals(List.of("AUTH", "PING"), verbs());
    assertFalse(connection.transactions().toString().contains("S3cr3t"));
  }

  @Test
  void relaysNestedArraysAndNilsByteForByte() throws Exception {
    open(Map.of());
    send(command("NESTED") + command("PING"));
    client.shutdownOutput();
    assertEquals("*3\r\n*2\r\n:1\r\n$-1\r\n*-1\r\n*0\r\n+PONG\r\n", readToEnd());
    handled.get(10, TimeUnit.SECONDS);
    assertEquals(List.of("NESTED", "PING"), verbs());
  }

  @Test
  void streamsLargeValuesBothWays() throws Exception {
    open(Map.of());
    char[] big = new char[CommandReader.MAX_BULK];
    Arrays.fill(big, 'v');
    String value = new String(big);
    send(command("SET", "big", value));
    assertEquals("+OK\r\n", read(5));
    send(command("GET", "big"));
    String expected = "$" + value.length() + "\r\n" + value + "\r\n";
    assertEquals(expected, read(expected.length()));
    for (int i = 0; i < 500 && connection.transactions().size() < 2; i++) {
      Thread.sleep(10); // the transaction is reported just after the reply has been written
    }
    assertEquals(expected.length(), connection.transactions().get(1).bytesToClient());
  }

  @Test
  void refusesAnOversizedBulkAndCloses() throws Exception {
    open(Map.of());
    send("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$" + (CommandReader.MAX_BULK + 1) + "\r\n");
    assertEquals("-ERR Protocol error: bulk length 1048577 (expected: 0-1048576)\r\n",
        readToEnd());
    handled.get(10, TimeUnit.SECONDS);
  }

  @Test
  void refusesTooManyArgumentsAndCloses() throws Exception {
    open(Map.of());
    send(command("PING") + "*1025\r\n");
    assertEquals("+PONG\r\n-ERR Protocol error: too many arguments: 1025 (expected: at most"
        + " 1024)\r\n", readToEnd());
    handled.get(10, TimeUnit.SECONDS);
    assertEquals(List.of("PING"), redis.received());
  }

  @Test
  void refusesBrokenFramingAndCloses() throws Exception {
    open(Map.of());
    send("*2\r\n$3\r\nGET\r\n:1\r\n");
    assertEquals("-ERR Protocol error: expected '$', got ':'\r\n", readToEnd());
    handled.get(10, TimeUnit.SECONDS);
    assertEquals(List.of(), redis.received());
  }

  @Test
  void switchesToTheOpaqueRelayAtAnUnknownReplyType() throws Exception {
    open(Map.of());
    send(command("RESP3"));
    assertEquals("%1\r\n+a\r\n:1\r\n", read(12));
    send(command("PING"));
    assertEquals("+PONG\r\n", read(7));
    assertTrue(connection.relayed());
    assertEquals(List.of("RESP3"), verbs());
    assertEquals("RELAYED", connection.transactions().get(0).outcome());
  }

  @Test
  void switchesToTheOpaqueRelayForPubSub() throws Exception {
    open(Map.of());
    send(command("SUBSCRIBE", "ch"));
    String confirmation = "*3\r\n$9\r\nsubscribe\r\n$2\r\nch\r\n:1\r\n";
    String message = "*3\r\n$7\r\nmessage\r\n$2\r\nch\r\n$5\r\nhello\r\n";
    assertEquals(confirmation + message, read(confirmation.length() + message.length()));
    assertTrue(connection.relayed());
  }

  @Test
  void forwardsBytesBufferedBehindASwitchingCommand() throws Exception {
    open(Map.of());
    // PING arrives in the same segment as SUBSCRIBE: it must reach the server after it
    send(command("SUBSCRIBE", "ch") + command("PING"));
    String confirmation = "*3\r\n$9\r\nsubscribe\r\n$2\r\nch\r\n:1\r\n";
    String message = "*3\r\n$7\r\nmessage\r\n$2\r\nch\r\n$5\r\nhello\r\n";
    String pong = "+PONG\r\n";
    assertEquals(confirmation + message + pong,
        read(confirmation.length() + message.length() + pong.length()));
    assertEquals(List.of("SUBSCRIBE", "PING"), redis.received().subList(0, 2));
  }

  @Test
  void endsWhenTheServerCloses() throws Exception {
    open(Map.of());
    send(command("QUIT"));
    assertEquals("+OK\r\n", read(5));
    send(command("PING"));
    InputStream in = client.getInputStream();
    ByteArrayOutputStream rest = new ByteArrayOutputStream();
    in.transferTo(rest);
    assertEquals("", rest.toString(StandardCharsets.UTF_8));
    // forwarding PING to a closed server ends in EOF (CLOSED) or a reset (an IOException for the
    // core to log): either way the client sees the end and nothing else
    handled.handle((done, failure) -> null).get(10, TimeUnit.SECONDS);
    handled = null;
    assertEquals("QUIT", connection.transactions().get(0).command());
  }

  @Test
  void deniedCommandsNeedNoServer() throws Exception {
    redis.close();
    open(Map.of("deny", "FLUSHALL"));
    send(command("flushall"));
    client.shutdownOutput();
    assertArrayEquals("-ERR command 'FLUSHALL' is denied by SocksTap policy\r\n"
        .getBytes(StandardCharsets.US_ASCII), client.getInputStream().readAllBytes());
    handled.get(10, TimeUnit.SECONDS);
    assertFalse(connection.isServerConnected());
    redis = new FakeRedis();
  }

  @Test
  void deniedCommandsParameterIsCaseInsensitiveAndForgiving() {
    assertEquals(Set.of("FLUSHALL", "CONFIG"),
        RespHandler.deniedCommands(" flushall,,Config ,"));
    assertEquals(Set.of(), RespHandler.deniedCommands(null));
    assertEquals(Set.of(), RespHandler.deniedCommands(""));
  }
}
