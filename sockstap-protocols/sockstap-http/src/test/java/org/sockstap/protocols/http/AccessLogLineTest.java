package org.sockstap.protocols.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class AccessLogLineTest {

  @Test
  void aRecordCarriesItsSecondInUtcWhicheverSecondCameBefore() {
    long t = 1_795_719_296_000L; // 26/Nov/2026:18:54:56 UTC
    for (long millis : new long[] {t, t + 999, t - 1, t + 1000, t}) {
      String line = AccessLogLine.format("127.0.0.1", "alice", millis, "GET",
          "http://localhost:17080/1k", "HTTP/1.1", 200, 1024, null, "curl/7.88.1", 13, "direct",
          "hit");
      String time = millis == t - 1 ? "26/Nov/2026:18:54:55"
          : millis == t + 1000 ? "26/Nov/2026:18:54:57" : "26/Nov/2026:18:54:56";
      assertEquals("127.0.0.1 - alice [" + time + " +0000] \"GET http://localhost:17080/1k"
          + " HTTP/1.1\" 200 1024 \"-\" \"curl/7.88.1\" 13 direct hit", line);
    }
  }
}
