package org.sockstap.examples.load;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SizesTest {
  @ParameterizedTest
  @CsvSource({"0, 0", "64, 64", "1k, 1024", "1K, 1024", "1.5m, 1572864", "2G, 2147483648",
      "0.5k, 512", "1024g, 1099511627776"})
  void parsesBinaryMultiples(String text, long bytes) {
    assertEquals(bytes, Sizes.parse(text));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "k", "-1", "1x", "1kk", "1 k", ".5k", "1.k", "99999999999999999999",
      "8589934592g"})
  void rejectsWhatIsNotASize(String text) {
    assertEquals(-1, Sizes.parse(text));
  }

  @ParameterizedTest
  @CsvSource({"1k.bin, 1024", "1024?x, 1024", "2m, 2097152", "7, 7"})
  void prefixIgnoresWhatFollows(String text, long bytes) {
    assertEquals(bytes, Sizes.parsePrefix(text, 0, text.length()));
  }
}
