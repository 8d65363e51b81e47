package org.sockstap.core.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A byte-level SOCKS client for tests that need to send exactly what a hostile or unusual client
 * would. Every read is bounded by a 10 s socket timeout.
 */
public final class SocksClient implements AutoCloseable {
  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;

  /**
   * Connects to a SOCKS server.
   *
   * @param proxy the server
   * @throws IOException when it cannot connect
   */
  public SocksClient(InetSocketAddress proxy) throws IOException {
    socket = new Socket();
    socket.setSoTimeout(10_000);
    socket.setTcpNoDelay(true);
    socket.connect(proxy, 5000);
    in = socket.getInputStream();
    out = socket.getOutputStream();
  }

  /**
   * Returns the socket.
   *
   * @return the socket
   */
  public Socket socket() {
    return socket;
  }

  /**
   * Returns the input.
   *
   * @return the stream
   */
  public InputStream in() {
    return in;
  }

  /**
   * Sends bytes.
   *
   * @param bytes what to send
   * @return this client
   * @throws IOException on failure
   */
  public SocksClient send(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
    return this;
  }

  /**
   * Sends hex bytes.
   *
   * @param hex for example {@code "05 01 00"}
   * @return this client
   * @throws IOException on failure
   */
  public SocksClient sendHex(String hex) throws IOException {
    return send(Bytes.hex(hex));
  }

  /**
   * Reads n bytes.
   *
   * @param n how many
   * @return the bytes
   * @throws IOException on failure or end of stream
   */
  public byte[] read(int n) throws IOException {
    return Bytes.readExactly(in, n);
  }

  /**
   * Reads and checks bytes.
   *
   * @param hex the expected bytes
   * @throws IOException on failure
   */
  public void expectHex(String hex) throws IOException {
    byte[] expected = Bytes.hex(hex);
    assertArrayEquals(expected, read(expected.length), "from the SOCKS server");
  }

  /**
   * Returns whether the server closed the connection (end of stream or reset) within the read
   * timeout, reading and discarding at most 64 KiB.
   *
   * @return true when closed
   */
  public boolean closedByServer() {
    try {
      byte[] sink = new byte[1024];
      int total = 0;
      while (total < 65536) {
        int n = in.read(sink);
        if (n < 0) {
          return true;
        }
        total += n;
      }
      return false;
    } catch (java.net.SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true;
    }
  }

  /**
   * Sends a SOCKS5 no-auth greeting and a CONNECT to an IPv4 address, checking both answers.
   *
   * @param target where to connect (an IPv4 address)
   * @return the reply's bound address bytes (ATYP onward)
   * @throws IOException on failure
   */
  public byte[] connect5(InetSocketAddress target) throws IOException {
    sendHex("05 01 00");
    expectHex("05 00");
    byte[] ip = target.getAddress().getAddress();
    send(Bytes.concat(Bytes.hex("05 01 00 01"), ip,
        new byte[] {(byte) (target.getPort() >> 8), (byte) target.getPort()}));
    return readReply5();
  }

  /**
   * Sends a SOCKS5 CONNECT with a domain name (after a greeting the caller did).
   *
   * @param host the name
   * @param port the port
   * @return the reply code
   * @throws IOException on failure
   */
  public int requestDomain5(String host, int port) throws IOException {
    byte[] name = host.getBytes(StandardCharsets.ISO_8859_1);
    send(Bytes.concat(Bytes.hex("05 01 00 03"), new byte[] {(byte) name.length}, name,
        new byte[] {(byte) (port >> 8), (byte) port}));
    return readReply5()[1] & 0xff;
  }

  /**
   * Reads a whole SOCKS5 reply.
   *
   * @return the reply bytes (VER REP RSV ATYP ADDR PORT)
   * @throws IOException on failure
   */
  public byte[] readReply5() throws IOException {
    byte[] head = read(4);
    int length = head[3] == 1 ? 4 : head[3] == 4 ? 16 : (read(1)[0] & 0xff);
    byte[] rest = read(length + 2);
    return Bytes.concat(head, rest);
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
