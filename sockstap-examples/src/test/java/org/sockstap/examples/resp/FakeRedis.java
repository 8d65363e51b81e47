package org.sockstap.examples.resp;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A tiny Redis on a free loopback port, enough for the plugin's tests: PING, SET, GET, DEL, QUIT,
 * plus scripted replies (NESTED: nested arrays and nils; RESP3: a map, a type RESP2 lacks;
 * SUBSCRIBE: a confirmation, then a message pushed unasked). Any other command gets
 * {@code -ERR unknown command}. Every command name received is recorded; failures of its own
 * threads are rethrown by {@link #close()}.
 */
final class FakeRedis implements AutoCloseable {
  private final ServerSocket listener;
  private final Map<String, byte[]> data = new ConcurrentHashMap<>();
  private final Queue<String> received = new ConcurrentLinkedQueue<>();
  private final Queue<Socket> sockets = new ConcurrentLinkedQueue<>();
  private final Queue<Throwable> failures = new ConcurrentLinkedQueue<>();

  FakeRedis() throws IOException {
    listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(this::accept, "fake-redis-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  int port() {
    return listener.getLocalPort();
  }

  /** The command names received so far, upper case, in order. */
  List<String> received() {
    return new ArrayList<>(received);
  }

  private void accept() {
    while (true) {
      Socket socket;
      try {
        socket = listener.accept();
      } catch (IOException e) {
        return; // closed
      }
      sockets.add(socket);
      Thread serve = new Thread(() -> serve(socket), "fake-redis-" + socket.getPort());
      serve.setDaemon(true);
      serve.start();
    }
  }

  private void serve(Socket socket) {
    try (socket) {
      DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
      OutputStream out = socket.getOutputStream();
      while (true) {
        List<byte[]> command = readCommand(in);
        if (command == null) {
          return;
        }
        String verb = text(command.get(0)).toUpperCase(Locale.ROOT);
        received.add(verb);
        if (!reply(verb, command, out)) {
          return;
        }
      }
    } catch (SocketException | EOFException e) {
      // the proxy closed the connection: normal at the end of a test
    } catch (IOException | InterruptedException | RuntimeException e) {
      failures.add(e);
    }
  }

  private boolean reply(String verb, List<byte[]> command, OutputStream out)
      throws IOException, InterruptedException {
    switch (verb) {
      case "PING":
        write(out, "+PONG\r\n");
        return true;
      case "SET":
        data.put(text(command.get(1)), command.get(2));
        write(out, "+OK\r\n");
        return true;
      case "GET":
        byte[] value = data.get(text(command.get(1)));
        if (value == null) {
          write(out, "$-1\r\n");
        } else {
          ByteArrayOutputStream bulk = new ByteArrayOutputStream();
          bulk.writeBytes(("$" + value.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
          bulk.writeBytes(value);
          bulk.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
          out.write(bulk.toByteArray());
        }
        return true;
      case "DEL":
        write(out, ":" + (data.remove(text(command.get(1))) == null ? 0 : 1) + "\r\n");
        return true;
      case "NESTED":
        write(out, "*3\r\n*2\r\n:1\r\n$-1\r\n*-1\r\n*0\r\n");
        return true;
      case "RESP3":
        write(out, "%1\r\n+a\r\n:1\r\n");
        return true;
      case "SUBSCRIBE":
        write(out, "*3\r\n$9\r\nsubscribe\r\n$2\r\nch\r\n:1\r\n");
        Thread.sleep(100);
        write(out, "*3\r\n$7\r\nmessage\r\n$2\r\nch\r\n$5\r\nhello\r\n");
        return true;
      case "QUIT":
        write(out, "+OK\r\n");
        return false;
      default:
        write(out, "-ERR unknown command '" + verb + "'\r\n");
        return true;
    }
  }

  /** Reads one command, array or inline; null at end of stream between commands. */
  private static List<byte[]> readCommand(DataInputStream in) throws IOException {
    int first = in.read();
    if (first < 0) {
      return null;
    }
    List<byte[]> args = new ArrayList<>();
    if (first != '*') {
      String line = ((char) first + line(in)).strip();
      for (String word : line.split(" +")) {
        args.add(word.getBytes(StandardCharsets.UTF_8));
      }
      return args;
    }
    int count = Integer.parseInt(line(in));
    for (int i = 0; i < count; i++) {
      int marker = in.read();
      if (marker < 0) {
        throw new EOFException();
      }
      if (marker != '$') {
        throw new IOException("expected $");
      }
      byte[] arg = new byte[Integer.parseInt(line(in))];
      in.readFully(arg);
      if (in.read() != '\r' || in.read() != '\n') {
        throw new IOException("expected CRLF");
      }
      args.add(arg);
    }
    return args;
  }

  private static String line(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    for (int b; (b = in.read()) != '\n'; ) {
      if (b < 0) {
        throw new EOFException();
      }
      if (b != '\r') {
        line.append((char) b);
      }
    }
    return line.toString();
  }

  private static void write(OutputStream out, String text) throws IOException {
    out.write(text.getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  private static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  @Override
  public void close() throws IOException {
    listener.close();
    for (Socket socket : sockets) {
      socket.close();
    }
    Throwable failure = failures.poll();
    if (failure != null) {
      throw new AssertionError("fake redis failed", failure);
    }
  }
}
