package org.sockstap.core.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.sockstap.api.ConnectionInfo;
import org.sockstap.api.ConnectionListener;
import org.sockstap.api.ConnectionSummary;
import org.sockstap.api.DetectionReport;

class ListenersTest {

  @Test
  void eventsNoListenerOverridesAreKnownToNeedNoDelivery() {
    Listeners onlyClosed = new Listeners(List.of(new ConnectionListener() {
      @Override
      public void closed(ConnectionInfo connection, ConnectionSummary summary) {}
    }));
    assertFalse(onlyClosed.hearsOpened());
    assertFalse(onlyClosed.hearsDetected());
    assertFalse(new Listeners(List.of()).hearsOpened());
  }

  @Test
  void anOverrideAnywhereInTheChainIsHeard() {
    Listeners chain = new Listeners(List.of(new ConnectionListener() {}, new ConnectionListener() {
      @Override
      public void opened(ConnectionInfo connection) {}

      @Override
      public void detected(ConnectionInfo connection, DetectionReport report) {}
    }));
    assertTrue(chain.hearsOpened());
    assertTrue(chain.hearsDetected());
  }
}
