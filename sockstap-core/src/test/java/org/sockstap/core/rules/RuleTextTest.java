package org.sockstap.core.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RuleTextTest {

  /** Fields are shown joined by {@code |}. */
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '~',
      textBlock =
          """
          ''                              ~ ''
          a                               ~ a
          a:b                             ~ a|b
          a:b:c:d                         ~ a|b|c|d
          a:b:c:d:e:f                     ~ a|b|c|d:e:f
          ::                              ~ ||
          a:{b:c}:d                       ~ a|{b:c}|d
          a:{{b}:c}:d                     ~ a|{{b}:c}|d
          a:[::1]:d                       ~ a|[::1]|d
          a:b:c:x={ y:z                   ~ a|b|c|x={ y:z
          a:b:c:}                         ~ a|b|c|}
          """)
  void splitsFieldsAtTopLevelColons(String text, String joined) {
    assertEquals(joined, String.join("|", RuleText.splitFields(text, 4, "rule")));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '~',
      textBlock =
          """
          {a:b
          a}:b
          {a]:b
          a:[b
          a:b:{c:d
          """)
  void rejectsUnbalancedFields(String text) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> RuleText.splitFields(text, 4, "rule"));
    assertEquals(
        "rule: " + RuleText.quote(text) + " (expected: balanced {} and [])", e.getMessage());
  }

  @Test
  void splitsListsAtTopLevelCommas() {
    assertEquals(
        List.of("a", "{b,c}", "[::1]:{80,443}"),
        RuleText.splitList("a,{b,c},[::1]:{80,443}", "list"));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '~',
      textBlock =
          """
          {a}            ~ a
          {}             ~ ''
          {a,b}          ~ a,b
          {{a}}          ~ {a}
          {a},{b}        ~ {a},{b}
          {a}:80         ~ {a}:80
          a              ~ a
          {              ~ {
          {a             ~ {a
          """)
  void unwrapsOnlyAWholeGroup(String text, String unwrapped) {
    assertEquals(unwrapped, RuleText.unwrap(text));
  }

  @Test
  void quotesForLogs() {
    assertEquals("\"a\\\"b\\\\c\\u000a\"", RuleText.quote("a\"b\\c\n"));
  }
}
