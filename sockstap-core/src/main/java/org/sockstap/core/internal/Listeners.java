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
  private final boolean hearsOpened;
  private final boolean hearsDetected;

  /**
   * Creates the chain.
   *
   * @param listeners the listeners, called in this order
   */
  public Listeners(List<ConnectionListener> listeners) {
    this.listeners = List.copyOf(listeners);
    this.hearsOpened = anyOverrides("opened", ConnectionInfo.class);
    this.hearsDetected = anyOverrides("detected", ConnectionInfo.class, DetectionReport.class);
  }

  /**
   * Returns whether any listener overrides {@code opened}: relay loops skip handing the event to
   * the finishing thread (a wake-up per connection) when nobody listens.
   *
   * @return true if some listener wants it
   */
  public boolean hearsOpened() {
    return hearsOpened;
  }

  /**
   * Returns whether any listener overrides {@code detected}.
   *
   * @return true if some listener wants it
   */
  public boolean hearsDetected() {
    return hearsDetected;
  }

  private boolean anyOverrides(String method, Class<?>... parameters) {
    for (ConnectionListener l : listeners) {
      try {
        if (l.getClass().getMethod(method, parameters).getDeclaringClass()
            != ConnectionListener.class) {
          return true;
        }
      } catch (NoSuchMethodException e) {
        return true;
      }
    }
    return false;
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
