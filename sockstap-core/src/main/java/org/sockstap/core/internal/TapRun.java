package org.sockstap.core.internal;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import org.jspecify.annotations.Nullable;
import org.sockstap.api.ConnectionInfo;
import org.sockstap.api.DetectionReport;
import org.sockstap.core.internal.detect.DetectionResult;
import org.sockstap.core.internal.detect.ProtocolDetection;
import org.sockstap.core.internal.session.ServerSide;

/**
 * Runs detection in the connect mode of the tap plan. Eager: the server is connected, so both
 * sides are watched from the start. Lazy: only the client, for a short window; if that does not
 * decide, connect and go on with both sides, keeping everything read.
 */
final class TapRun {

  /** Connects to the server after the client was already told the connect succeeded. */
  @FunctionalInterface
  interface LateConnect {
    ServerSide connect() throws IOException;
  }

  private final ConnectionTask task;
  private final ServerConfig config;
  private final TapPlan plan;
  private final ConnectionInfo connection;

  TapRun(ConnectionTask task, ServerConfig config, TapPlan plan, ConnectionInfo connection) {
    this.task = task;
    this.config = config;
    this.plan = plan;
    this.connection = connection;
  }

  /** A fresh detection over the plan's candidates, starting with the pipelined client bytes. */
  ProtocolDetection newDetection(byte[] pipelined) {
    return new ProtocolDetection(plan.candidates(), connection.destination(), pipelined,
        config.detectionBufferSize(), connection.id());
  }

  /** Runs detection on the calling thread; the caller reports the result. */
  DetectionResult detect(SocketChannel client, @Nullable ServerSide server, byte[] pipelined,
      LateConnect late) throws IOException {
    ProtocolDetection detection = newDetection(pipelined);
    DetectionResult result;
    if (server != null) {
      result = detection.run(client, server.channel(), deadline(config.detectionTimeout()), true);
    } else {
      result = detection.run(client, null, deadline(config.lazyClientWindow()), false);
      if (result.undecided()) {
        ServerSide connected = late.connect();
        result = detection.run(client, connected.channel(),
            deadline(config.detectionTimeout()), true);
      }
    }
    return result;
  }

  /** Records the result on the connection and logs it; quick enough for a relay loop. */
  void report(DetectionResult result) {
    String protocol = result.detector() == null ? null : result.detector().protocol();
    int clientBytes = result.clientPrefix().length;
    int serverBytes = result.serverPrefix().length;
    task.detected(result.decidedBy(), clientBytes, serverBytes);
    ConnectionLog.detected(connection, protocol == null ? "opaque" : protocol,
        result.decidedBy(), clientBytes, serverBytes);
  }

  /** Tells the listeners (user code: never on a relay loop). */
  void tellListeners(DetectionResult result) {
    String protocol = result.detector() == null ? null : result.detector().protocol();
    config.listeners().detected(connection, new DetectionReport(protocol, result.decidedBy(),
        result.clientPrefix().length, result.serverPrefix().length));
  }

  private static long deadline(java.time.Duration window) {
    return System.nanoTime() + window.toNanos();
  }
}
