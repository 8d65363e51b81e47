package org.sockstap.protocols.http.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ByteRangesTest {

  @ParameterizedTest(name = "{0} of 100")
  @CsvSource(delimiter = '|', nullValues = "null", value = {
      "bytes=0-9|bytes 0-9/100|10",
      "bytes=90-|bytes 90-99/100|10",
      "bytes=-5|bytes 95-99/100|5",
      "bytes=-500|bytes 0-99/100|100",
      "bytes=50-5000|bytes 50-99/100|50",
      "BYTES = 1-1|bytes 1-1/100|1",
      "bytes=99999999999999999999-|bytes */100|0",
      "bytes=100-|bytes */100|0",
      "bytes=-0|bytes */100|0",
      "bytes=0-1,5-6|null|100",
      "bytes=5-1|null|100",
      "bytes=a-b|null|100",
      "bytes=-|null|100",
      "bytes 0-9|null|100",
      "items=0-9|null|100"})
  void selects(String range, String contentRange, long bytes) {
    ByteRanges.Selection part = ByteRanges.select(List.of(range), null, null, 100);
    assertEquals(contentRange, part.contentRange());
    assertEquals(bytes, part.bytes());
  }

  @Test
  void anEmptyBodyHasNoSatisfiableRange() {
    assertEquals("bytes */0", ByteRanges.select(List.of("bytes=-5"), null, null, 0)
        .contentRange());
    assertEquals("bytes */0", ByteRanges.select(List.of("bytes=0-"), null, null, 0)
        .contentRange());
  }

  @Test
  void severalRangeFieldsOrNoneAreTheWholeBody() {
    assertEquals(ByteRanges.Kind.WHOLE, ByteRanges.select(List.of(), null, null, 10).kind());
    assertEquals(ByteRanges.Kind.WHOLE,
        ByteRanges.select(List.of("bytes=0-1", "bytes=2-3"), null, null, 10).kind());
  }

  @Test
  void ifRangeMustBeTheStoredStrongEtag() {
    List<String> range = List.of("bytes=0-1");
    assertEquals(ByteRanges.Kind.PARTIAL,
        ByteRanges.select(range, "\"v1\"", "\"v1\"", 10).kind());
    assertEquals(ByteRanges.Kind.WHOLE, ByteRanges.select(range, "\"v2\"", "\"v1\"", 10).kind());
    assertEquals(ByteRanges.Kind.WHOLE,
        ByteRanges.select(range, "W/\"v1\"", "W/\"v1\"", 10).kind());
    assertEquals(ByteRanges.Kind.WHOLE, ByteRanges.select(range, "\"v1\"", null, 10).kind());
    assertEquals(ByteRanges.Kind.WHOLE, ByteRanges.select(range,
        "Thu, 01 Jan 2026 12:00:00 GMT", "\"v1\"", 10).kind());
  }

  @Test
  void aPartialSelectionMustLieWithinTheBody() {
    assertThrows(IllegalArgumentException.class,
        () -> new ByteRanges.Selection(ByteRanges.Kind.PARTIAL, 5, 10, 10));
  }
}
