package org.sockstap.core.internal;

import org.sockstap.api.ConnectionInfo;
import org.sockstap.api.ConnectionSummary;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default connection log: one line per connection on the SLF4J logger
 * {@code sockstap.connection} when it closes, and one line per detection decision on
 * {@code sockstap.detection}. Untrusted fields are escaped.
 */
final class ConnectionLog {
  private static final Logger CONNECTIONS = LoggerFactory.getLogger("sockstap.connection");
  private static final Logger DETECTION = LoggerFactory.getLogger("sockstap.detection");

  private ConnectionLog() {}

  static void detected(ConnectionInfo info, String result, String decidedBy, int clientBytes,
      int serverBytes) {
    if (DETECTION.isDebugEnabled()) {
      DETECTION.debug("{} {} -> {} ({} after {}/{} bytes from client/server)", info.id(),
          LogText.escape(info.destination().toString()), result, decidedBy, clientBytes,
          serverBytes);
    }
  }

  static void closed(ConnectionInfo info, ConnectionSummary summary, ConnectionRecord record) {
    if (!CONNECTIONS.isInfoEnabled()) {
      return;
    }
    CONNECTIONS.info("{} {} user={} socks{} {} {} proto={} detect={} route={} up={} down={} "
            + "ms={} {}{}",
        info.id(),
        info.client().getAddress().getHostAddress() + ":" + info.client().getPort(),
        LogText.escape(info.user()),
        info.socksVersion(),
        record.command,
        LogText.escape(info.destination().toString()),
        summary.protocol() == null ? "-" : summary.protocol(),
        record.detection == null ? "-" : record.detection,
        record.route == null ? "-" : LogText.escape(record.route),
        summary.bytesFromClient(),
        summary.bytesFromServer(),
        summary.duration().toMillis(),
        summary.outcome(),
        summary.detail() == null ? "" : " (" + LogText.escape(summary.detail()) + ")");
  }
}
