package org.sockstap.protocols.http.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class AsciiTest {

  @Test
  void datesParseTheSameWhetherRememberedOrNot() {
    Instant expected = Instant.parse("1994-11-06T08:49:37Z");
    for (int round = 0; round < 3; round++) {
      assertEquals(expected, Ascii.httpDate("Sun, 06 Nov 1994 08:49:37 GMT"));
      assertEquals(expected, Ascii.httpDate("Sunday, 06-Nov-94 08:49:37 GMT"));
      assertEquals(expected, Ascii.httpDate("Sun Nov  6 08:49:37 1994"));
      assertNull(Ascii.httpDate("yesterday"));
      assertNull(Ascii.httpDate(null));
    }
    // many texts share the remembered slots: each still parses to its own instant
    DateTimeFormatter imf = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'",
        Locale.US).withZone(ZoneOffset.UTC);
    Instant start = Instant.parse("2026-02-01T00:00:00Z");
    for (int round = 0; round < 2; round++) {
      for (int hour = 0; hour < 1000; hour++) {
        Instant instant = start.plusSeconds(3600L * hour);
        String text = imf.format(instant);
        assertEquals(instant, Ascii.httpDate(text), text);
      }
    }
  }
}
