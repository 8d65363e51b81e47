package org.sockstap.protocols.http.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class HttpLimitsTest {

  @Test
  void hasDocumentedDefaults() {
    assertEquals(new HttpLimits(8192, 65536, 100, 4096, 16384), HttpLimits.defaults());
  }

  @Test
  void rejectsNonsense() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new HttpLimits(8192, 65536, 0, 4096, 16384));
    assertEquals("maxHeaderCount: 0 (expected: 1 or more)", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new HttpLimits(-1, 1, 1, 1, 2));
    assertThrows(IllegalArgumentException.class, () -> new HttpLimits(16, 1, 1, 1, 2));
    assertThrows(IllegalArgumentException.class, () -> new HttpLimits(16, 2, 1, 0, 2));
    assertThrows(IllegalArgumentException.class, () -> new HttpLimits(16, 2, 1, 1, 1));
  }

  @Test
  void versionsHaveTheirWireText() {
    assertEquals("HTTP/1.1", HttpVersion.HTTP_1_1.text());
    assertEquals(HttpVersion.HTTP_1_0, HttpVersion.fromText("HTTP/1.0"));
    assertEquals(null, HttpVersion.fromText("http/1.0"));
  }

  @Test
  void parseExceptionsCarryAnErrorStatus() {
    assertEquals(431, new HttpParseException(431, "x").status());
    assertThrows(IllegalArgumentException.class, () -> new HttpParseException(200, "x"));
  }
}
