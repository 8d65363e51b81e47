package org.sockstap.examples.resp;

import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.sockstap.api.ProtocolHandler;
import org.sockstap.api.ServerConnection;
import org.sockstap.api.TappedConnection;
import org.sockstap.api.Transaction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Proxies a Redis connection one command at a time: logs each command's name (never its
 * arguments, which may hold an {@code AUTH} password) to the SLF4J logger
 * {@code sockstap.access.resp}, reports a {@link Transaction} per command, refuses denied
 * commands itself, and forwards the others, relaying each reply back before reading the next
 * command, so pipelined commands are answered in order.
 *
 * <p>Tap-rule parameter {@code deny}: command names to refuse, comma-separated, in any case, for
 * example {@code resp:::deny=FLUSHALL,CONFIG}; default none. A refused command is answered
 * {@code -ERR command 'FLUSHALL' is denied by SocksTap policy} and never reaches the server.
 *
 * <p>Where replies stop following commands one for one (pub/sub, {@code MONITOR}, replication,
 * {@code CLIENT REPLY}, {@code HELLO 3} and its RESP3 types, or any reply type it does not know)
 * the handler forwards what it holds and hands the rest of the connection to the opaque relay.
 * A command over the limits of {@link CommandReader} is answered {@code -ERR Protocol error} and
 * the connection closed, as Redis does.
 */
public final class RespHandler implements ProtocolHandler {
  private static final Logger LOG = LoggerFactory.getLogger(RespHandler.class);

  /** Commands after which the server sends replies nobody asked for. */
  private static final Set<String> OPAQUE_AFTER =
      Set.of("SUBSCRIBE", "PSUBSCRIBE", "SSUBSCRIBE", "MONITOR", "SYNC", "PSYNC");

  private static final int BUFFER = 8 * 1024;

  /** Creates the handler; ServiceLoader calls this. */
  public RespHandler() {}

  @Override
  public String protocol() {
    return RespDetector.PROTOCOL;
  }

  @Override
  public void handle(TappedConnection connection) throws IOException {
    if (connection.serverBytesAlreadyRelayed().hasRemaining()) {
      // a Redis server never speaks first: whatever this is, leave it alone
      connection.handOverToRelay();
      return;
    }
    new Session(connection, deniedCommands(connection.params().get("deny"))).run();
  }

  /**
   * Parses the {@code deny} parameter.
   *
   * @param value comma-separated command names, or null
   * @return the names in upper case
   */
  static Set<String> deniedCommands(@Nullable String value) {
    Set<String> denied = new LinkedHashSet<>();
    if (value != null) {
      for (String name : value.split(",")) {
        if (!name.isBlank()) {
          denied.add(name.strip().toUpperCase(Locale.ROOT));
        }
      }
    }
    return Set.copyOf(denied);
  }

  /** The state of one connection, on its own thread. */
  private static final class Session {
    private final TappedConnection connection;
    private final Set<String> denied;
    private final String id;
    private final RespInput fromClient;
    private final OutputStream toClient;
    private final CommandReader commands;
    private @Nullable RespInput fromServer;
    private @Nullable OutputStream toServer;

    Session(TappedConnection connection, Set<String> denied) {
      this.connection = connection;
      this.denied = denied;
      this.id = connection.info().id();
      this.fromClient = new RespInput(connection.client().input(), BUFFER);
      this.toClient = new BufferedOutputStream(connection.client().output(), BUFFER);
      this.commands = new CommandReader(fromClient);
    }

    void run() throws IOException {
      while (true) {
        long clientBefore = fromClient.consumed();
        CommandReader.Command command;
        try {
          command = commands.next();
        } catch (RespProtocolException e) {
          protocolError(e);
          return;
        } catch (EOFException e) {
          LOG.debug("{} resp: client closed inside a command", id);
          return;
        }
        if (command == null) {
          return;
        }
        long started = System.nanoTime();
        if (!step(command, clientBefore, started)) {
          return;
        }
      }
    }

    /** Handles one command; returns false when the connection is done with. */
    private boolean step(CommandReader.Command command, long clientBefore, long started)
        throws IOException {
      String verb = command.verb();
      try {
        if (denied.contains(verb)) {
          commands.transferRest(command, null);
          byte[] refusal = ("-ERR command '" + verb + "' is denied by SocksTap policy\r\n")
              .getBytes(StandardCharsets.US_ASCII);
          toClient.write(refusal);
          toClient.flush();
          report(verb, "DENIED", fromClient.consumed() - clientBefore, refusal.length, started);
          return true;
        }
        if (!connectServer()) {
          return false;
        }
        OutputStream serverOut = toServer;
        serverOut.write(command.head());
        commands.transferRest(command, serverOut);
        serverOut.flush();
      } catch (RespProtocolException e) {
        protocolError(e);
        return false;
      } catch (EOFException e) {
        LOG.debug("{} resp: client closed inside {}", id, verb);
        return false;
      }
      long request = fromClient.consumed() - clientBefore;
      if (leavesRequestReply(command)) {
        report(verb, "RELAYED", request, 0, started);
        relayRest();
        return false;
      }
      RespInput serverIn = fromServer;
      long serverBefore = serverIn.consumed();
      ReplyCopier.Reply reply;
      try {
        reply = ReplyCopier.copy(serverIn, toClient);
      } catch (UnknownReplyTypeException e) {
        LOG.debug("{} resp: {} after {}, relaying the rest", id, e.getMessage(), verb);
        report(verb, "RELAYED", request, serverIn.consumed() - serverBefore, started);
        relayRest();
        return false;
      } catch (EOFException e) {
        toClient.flush();
        report(verb, "CLOSED", request, serverIn.consumed() - serverBefore, started);
        return false;
      }
      toClient.flush();
      report(verb, reply.outcome(), request, serverIn.consumed() - serverBefore, started);
      return true;
    }

    /** Connects on the first forwarded command (lazy mode); answers the client when it cannot. */
    private boolean connectServer() throws IOException {
      if (toServer != null) {
        return true;
      }
      ServerConnection server;
      try {
        server = connection.server();
      } catch (IOException e) {
        LOG.debug("{} resp: cannot reach {}: {}", id, connection.info().destination(), e.toString());
        toClient.write(("-ERR SocksTap cannot reach the server\r\n")
            .getBytes(StandardCharsets.US_ASCII));
        toClient.flush();
        return false;
      }
      fromServer = new RespInput(server.input(), BUFFER);
      toServer = new BufferedOutputStream(server.output(), BUFFER);
      return true;
    }

    /**
     * Forwards whatever either side has buffered, then hands the rest to the opaque relay; the
     * connection is not used again (the callers return at once), so this thread is free.
     */
    private void relayRest() throws IOException {
      if (fromServer != null) {
        toClient.write(fromServer.drain());
      }
      toClient.flush();
      if (toServer != null) {
        toServer.write(fromClient.drain());
        toServer.flush();
      }
      connection.handOverToRelay();
    }

    private void protocolError(RespProtocolException e) throws IOException {
      LOG.debug("{} resp: protocol error from client: {}", id, e.getMessage());
      toClient.write(("-ERR Protocol error: " + e.getMessage() + "\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      toClient.flush();
    }

    private void report(String verb, String outcome, long request, long reply, long started) {
      Duration duration = Duration.ofNanos(System.nanoTime() - started);
      connection.accessLog(id + " " + verb + " " + outcome + " " + request + " " + reply + " "
          + duration.toMillis() + "ms");
      connection.transaction(new Transaction(
          RespDetector.PROTOCOL, verb, outcome, request, reply, duration, Map.of()));
    }
  }

  /** Whether replies stop matching commands one for one after this command. */
  private static boolean leavesRequestReply(CommandReader.Command command) {
    String verb = command.verb();
    String argument = command.argument();
    return OPAQUE_AFTER.contains(verb)
        || (verb.equals("HELLO") && argument != null && !argument.equals("2"))
        || (verb.equals("CLIENT") && "REPLY".equals(argument));
  }
}
