package org.sockstap.core.internal;

import java.util.List;
import org.sockstap.api.ConnectionInfo;
import org.sockstap.api.ConnectionListener;
import org.sockstap.api.ConnectionSummary;
import org.sockstap.api.DetectionReport;
import org.sockstap.api.Transaction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Calls every listener in turn; one that throws is logged with its class and skipped. */
public final class Listeners implements ConnectionListener {
  private static final Logger LOG = LoggerFactory.getLogger(Listeners.class);
  private final List<ConnectionListener> listeners;

  /**
   * Creates the chain.
   *
   * @param listeners the listeners, called in this order
   */
  public Listeners(List<ConnectionListener> listeners) {
    this.listeners = List.copyOf(listeners);
  }

  @Override
  public void opened(ConnectionInfo connection) {
    for (ConnectionListener l : listeners) {
      try {
        l.opened(connection);
      } catch (RuntimeException e) {
        failed(l, "opened", connection, e);
      }
    }
  }

  @Override
  public void detected(ConnectionInfo connection, DetectionReport report) {
    for (ConnectionListener l : listeners) {
      try {
        l.detected(connection, report);
      } catch (RuntimeException e) {
        failed(l, "detected", connection, e);
      }
    }
  }

  @Override
  public void transaction(ConnectionInfo connection, Transaction transaction) {
    for (ConnectionListener l : listeners) {
      try {
        l.transaction(connection, transaction);
      } catch (RuntimeException e) {
        failed(l, "transaction", connection, e);
      }
    }
  }

  @Override
  public void closed(ConnectionInfo connection, ConnectionSummary summary) {
    for (ConnectionListener l : listeners) {
      try {
        l.closed(connection, summary);
      } catch (RuntimeException e) {
        failed(l, "closed", connection, e);
      }
    }
  }

  private static void failed(
      ConnectionListener listener, String event, ConnectionInfo connection, RuntimeException e) {
    LOG.warn("{} listener {} failed in {}", connection.id(), listener.getClass().getName(), event, e);
  }
}
