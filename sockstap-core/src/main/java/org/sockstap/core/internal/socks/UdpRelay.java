package org.sockstap.core.internal.socks;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The datagram side of a SOCKS5 UDP ASSOCIATE (RFC 1928 §7): one socket faces the client, on the
 * address the client reached the server on; another, unbound to any family, faces the remote
 * hosts, so an IPv4 client can reach IPv6 hosts and back. Each socket has its own thread
 * ({@link #clientLoop()}, {@link #remoteLoop()}).
 *
 * <p>A datagram from the client (its TCP address, and the port it announced or, failing that, the
 * port of its first datagram) is unwrapped and sent to its destination when the policy allows it;
 * one from a host the client has sent to is wrapped and sent to the client. Everything else —
 * other sources, fragments ({@code FRAG != 0}), truncated headers, unknown address types,
 * forbidden destinations — is dropped without a reply, as the RFC asks. The association ends
 * when its channel is closed, which the control connection does when its TCP connection ends.
 */
public final class UdpRelay {
  private static final Logger LOG = LoggerFactory.getLogger(UdpRelay.class);
  private static final int MAX_DATAGRAM = 65_535;
  private static final int MAX_PEERS = 1024;

  /** Decides whether the client may send to a destination. */
  @FunctionalInterface
  public interface DestinationCheck {
    /**
     * Checks a destination.
     *
     * @param name the host name when the datagram named one, else null
     * @param address the resolved address
     * @param port the port
     * @return true when allowed
     */
    boolean allowed(@Nullable String name, InetAddress address, int port);
  }

  private final DatagramChannel clientSide;
  private final DatagramChannel remoteSide;
  private final InetAddress clientAddress;
  private volatile int clientPort;
  private final DestinationCheck check;
  private final String connectionId;
  private final Set<SocketAddress> contacted = Collections.synchronizedSet(
      Collections.newSetFromMap(new LinkedHashMap<SocketAddress, Boolean>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<SocketAddress, Boolean> eldest) {
          return size() > MAX_PEERS;
        }
      }));
  private final AtomicLong datagrams = new AtomicLong();

  /**
   * Creates the relay.
   *
   * @param clientSide a bound blocking datagram channel facing the client
   * @param remoteSide a bound blocking datagram channel facing remote hosts; closing either
   *     channel ends the relay
   * @param clientAddress the client's TCP address: datagrams from elsewhere are dropped
   * @param clientPort the port the client announced, or 0 to learn it from its first datagram
   * @param check the destination policy
   * @param connectionId for log lines
   */
  public UdpRelay(DatagramChannel clientSide, DatagramChannel remoteSide,
      InetAddress clientAddress, int clientPort, DestinationCheck check, String connectionId) {
    this.clientSide = clientSide;
    this.remoteSide = remoteSide;
    this.clientAddress = clientAddress;
    this.clientPort = clientPort;
    this.check = check;
    this.connectionId = connectionId;
  }

  /**
   * Returns how many datagrams were relayed either way.
   *
   * @return the count
   */
  public long datagrams() {
    return datagrams.get();
  }

  /** Relays what the client sends, until the client-side channel is closed. */
  public void clientLoop() {
    ByteBuffer buffer = ByteBuffer.allocate(MAX_DATAGRAM);
    try {
      while (true) {
        buffer.clear();
        InetSocketAddress from = (InetSocketAddress) clientSide.receive(buffer);
        buffer.flip();
        if (isClient(from)) {
          fromClient(from, buffer);
        } else {
          LOG.debug("{} udp: dropped {} bytes from {}", connectionId, buffer.remaining(), from);
        }
      }
    } catch (ClosedChannelException e) {
      // the association ended
    } catch (IOException e) {
      LOG.debug("{} udp relay ended: {}", connectionId, e.toString());
    }
  }

  /** Relays answers of hosts the client sent to, until the remote-side channel is closed. */
  public void remoteLoop() {
    ByteBuffer buffer = ByteBuffer.allocate(MAX_DATAGRAM);
    try {
      while (true) {
        buffer.clear();
        InetSocketAddress from = unmapped((InetSocketAddress) remoteSide.receive(buffer));
        buffer.flip();
        if (contacted.contains(from) && clientPort != 0) {
          toClient(from, buffer);
        } else {
          LOG.debug("{} udp: dropped {} bytes from {}", connectionId, buffer.remaining(), from);
        }
      }
    } catch (ClosedChannelException e) {
      // the association ended
    } catch (IOException e) {
      LOG.debug("{} udp relay ended: {}", connectionId, e.toString());
    }
  }

  /** A dual-stack socket reports IPv4 senders as ::ffff:a.b.c.d; the set holds plain IPv4. */
  private static InetSocketAddress unmapped(InetSocketAddress from) throws IOException {
    byte[] raw = from.getAddress().getAddress();
    if (raw.length == 16 && raw[10] == (byte) 0xff && raw[11] == (byte) 0xff) {
      InetAddress plain = InetAddress.getByAddress(java.util.Arrays.copyOfRange(raw, 12, 16));
      return new InetSocketAddress(plain, from.getPort());
    }
    return from;
  }

  private boolean isClient(InetSocketAddress from) {
    return from.getAddress().equals(clientAddress)
        && (clientPort == 0 || from.getPort() == clientPort);
  }

  private void fromClient(InetSocketAddress from, ByteBuffer datagram) throws IOException {
    if (datagram.remaining() < 4 || datagram.get(2) != 0) {
      LOG.debug("{} udp: dropped a short or fragmented datagram", connectionId);
      return;
    }
    datagram.position(3);
    int type = datagram.get() & 0xff;
    String name = null;
    InetAddress address;
    int addressLength = type == 1 ? 4 : type == 4 ? 16 : type == 3 ? -1 : 0;
    if (addressLength == 0) {
      return;
    }
    if (addressLength < 0) {
      if (!datagram.hasRemaining()) {
        return;
      }
      addressLength = datagram.get() & 0xff;
    }
    if (addressLength == 0 || datagram.remaining() < addressLength + 2) {
      return;
    }
    byte[] raw = new byte[addressLength];
    datagram.get(raw);
    if (type == 3) {
      name = new String(raw, StandardCharsets.ISO_8859_1);
      try {
        address = InetAddress.getByName(name);
      } catch (IOException e) {
        return;
      }
    } else {
      address = InetAddress.getByAddress(raw);
    }
    int port = ((datagram.get() & 0xff) << 8) | (datagram.get() & 0xff);
    if (port == 0 || !check.allowed(name, address, port)) {
      LOG.debug("{} udp: destination {}:{} not allowed", connectionId, address, port);
      return;
    }
    if (clientPort == 0) {
      clientPort = from.getPort();
    }
    InetSocketAddress destination = new InetSocketAddress(address, port);
    contacted.add(destination);
    remoteSide.send(datagram, destination);
    datagrams.incrementAndGet();
  }

  private void toClient(InetSocketAddress from, ByteBuffer payload) throws IOException {
    byte[] address = from.getAddress().getAddress();
    ByteBuffer out = ByteBuffer.allocate(6 + address.length + payload.remaining());
    out.put((byte) 0).put((byte) 0).put((byte) 0);
    out.put((byte) (from.getAddress() instanceof Inet4Address ? 1 : 4));
    out.put(address);
    out.put((byte) (from.getPort() >> 8)).put((byte) from.getPort());
    out.put(payload);
    out.flip();
    clientSide.send(out, new InetSocketAddress(clientAddress, clientPort));
    datagrams.incrementAndGet();
  }
}
