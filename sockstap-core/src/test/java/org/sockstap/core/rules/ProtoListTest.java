package org.sockstap.core.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProtoListTest {

  /** An empty protocol column is {@code null}: a protocol not known yet. */
  @ParameterizedTest(name = "{0} ~ {1} = {2}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          *              | http          | true
          *              |               | true
          ''             | http          | true
          ''             |               | true
          {http,ftp}     | ftp           | true
          http           | http          | true
          http           | HTTP          | true
          http           | ftp           | false
          http           |               | false
          http,ftp       | ftp           | true
          HTTP,Ftp       | ftp           | true
          *,!http        | http          | false
          *,!http        | ftp           | true
          *,!http        |               | true
          *,-http        | http          | false
          !http          | http          | false
          !http          | ftp           | true
          !http          |               | true
          -http,ftp      | http          | false
          -http,ftp      | smtp          | true
          !*             | http          | false
          !*             |               | false
          -*             | http          | false
          !*,http        | http          | true
          !*,http        | ftp           | false
          !*,http        |               | false
          *,!http,http   | http          | true
          http,!http     | http          | false
          http,!*        | http          | false
          http,!*,ftp    | ftp           | true
          x-my_proto.v2  | X-MY_PROTO.V2 | true
          """)
  void matches(String list, String protocol, boolean expected) {
    assertEquals(expected, ProtoList.parse(list).matches(protocol));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      textBlock =
          """
          ,http      | protocol list: ",http" (expected: no empty elements)
          http,,ftp  | no empty elements
          http,      | no empty elements
          ht tp      | protocol list element: "ht tp" (expected: a protocol name of letters
          !          | protocol list element: "!"
          -          | protocol list element: "-"
          !!http     | protocol list element: "!!http"
          --http     | protocol list element: "--http"
          _http      | protocol list element: "_http"
          h*         | protocol list element: "h*"
          http/1.1   | protocol list element: "http/1.1"
          hüttp      | protocol list element: "hüttp"
          {http      | protocol list: "{http" (expected: balanced {} and [])
          {http}x    | protocol list element: "{http}x"
          http}      | balanced {} and []
          """)
  void rejects(String list, String fragment) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ProtoList.parse(list));
    assertTrue(e.getMessage().contains(fragment), e.getMessage());
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          *               | *
          ''              | *
          {http,ftp}      | http,ftp
          HTTP,-FTP       | http,!ftp
          *,-Telnet       | *,!telnet
          -*              | !*
          """)
  void canonicalText(String list, String canonical) {
    ProtoList parsed = ProtoList.parse(list);
    assertEquals(canonical, parsed.toString());
    assertEquals(parsed, ProtoList.parse(canonical));
    assertEquals(parsed.hashCode(), ProtoList.parse(canonical).hashCode());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          *              | true
          ''             | true
          *,!x,x         | true
          http,*         | true
          *,!x           | false
          !x             | false
          http           | false
          !*             | false
          """)
  void isAny(String list, boolean expected) {
    assertEquals(expected, ProtoList.parse(list).isAny());
  }

  @Test
  void anyIsStar() {
    assertEquals("*", ProtoList.any().toString());
    assertTrue(ProtoList.any().matches(null));
    assertTrue(ProtoList.any().isAny());
  }

  @Test
  void caseFoldingIgnoresTurkishDefaultLocale() {
    Locale saved = Locale.getDefault();
    Locale.setDefault(Locale.forLanguageTag("tr-TR"));
    try {
      ProtoList list = ProtoList.parse("IMAP,*,!SMTP");
      assertEquals("imap,*,!smtp", list.toString());
      assertTrue(list.matches("imap"));
      assertTrue(list.matches("IMAP"));
      assertEquals(false, list.matches("smtp"));
    } finally {
      Locale.setDefault(saved);
    }
  }
}
