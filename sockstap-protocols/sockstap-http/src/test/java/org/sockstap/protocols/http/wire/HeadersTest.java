package org.sockstap.protocols.http.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HeadersTest {

  @Test
  void looksUpNamesCaseInsensitively() {
    Headers headers = new Headers().add("Host", "a").add("X-A", "1").add("x-a", "2");
    assertEquals("a", headers.first("HOST"));
    assertEquals(List.of("1", "2"), headers.all("X-a"));
    assertEquals(2, headers.count("X-A"));
    assertTrue(headers.contains("host"));
    assertFalse(headers.contains("Hos"));
    assertNull(headers.first("X-B"));
    assertEquals(List.of(), headers.all("X-B"));
    assertEquals(3, headers.size());
  }

  @Test
  void setReplacesEveryFieldInPlace() {
    Headers headers = new Headers().add("A", "1").add("B", "2").add("a", "3").add("C", "4");
    headers.set("A", "x");
    assertEquals(List.of(new HeaderField("A", "x"), new HeaderField("B", "2"),
        new HeaderField("C", "4")), headers.fields());
    headers.set("D", "y");
    assertEquals("y", headers.fields().get(3).value());
  }

  @Test
  void removeCountsWhatItRemoved() {
    Headers headers = new Headers().add("A", "1").add("B", "2").add("a", "3");
    assertEquals(2, headers.remove("A"));
    assertEquals(0, headers.remove("A"));
    assertEquals(1, headers.size());
  }

  @Test
  void copiesAreIndependent() {
    Headers headers = new Headers().add("A", "1");
    Headers copy = headers.copy();
    copy.add("B", "2");
    assertEquals(1, headers.size());
    assertEquals(2, copy.size());
    Headers again = copy.copy();
    assertEquals(1, again.remove("B"));
    assertEquals(headers, again);
    assertEquals(headers.hashCode(), again.hashCode());
    assertThrows(UnsupportedOperationException.class,
        () -> headers.fields().add(new HeaderField("C", "3")));
  }

  @Test
  void findsTokensInLists() {
    Headers headers = new Headers().add("Connection", "keep-alive,  Upgrade ,x")
        .add("Connection", "CLOSE");
    assertTrue(headers.containsToken("connection", "close"));
    assertTrue(headers.containsToken("Connection", "upgrade"));
    assertTrue(headers.containsToken("Connection", "Keep-Alive"));
    assertFalse(headers.containsToken("Connection", "clos"));
    assertFalse(headers.containsToken("Upgrade", "close"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"tr-TR", "az-AZ", "lt-LT", "en-US"})
  void ignoresTheDefaultLocale(String tag) {
    Locale saved = Locale.getDefault();
    Locale.setDefault(Locale.forLanguageTag(tag));
    try {
      Headers headers = new Headers().add("TRANSFER-ENCODING", "chunked")
          .add("Connection", "KEEP-ALIVE");
      assertEquals("chunked", headers.first("transfer-encoding"));
      assertEquals("chunked", headers.first("Transfer-Encoding"));
      assertTrue(headers.containsToken("connection", "keep-alive"));
      assertEquals(1, headers.remove("transfer-encoding"));
      assertEquals(java.util.Set.of("keep-alive"), HopByHop.connectionOptions(headers));
    } finally {
      Locale.setDefault(saved);
    }
  }

  @Test
  void doesNotFoldNonAsciiLookalikes() {
    // String.equalsIgnoreCase would match the Kelvin sign with k
    assertFalse(Syntax.equalsIgnoreAsciiCase("\u212aeep-alive", "keep-alive"));
    assertTrue("\u212aeep-alive".equalsIgnoreCase("keep-alive"));
    assertFalse(new Headers().add("Connection", "\u00e9").containsToken("Connection", "\u00c9"));
  }

  @Test
  void rejectsNamesThatAreNotTokens() {
    Headers headers = new Headers();
    for (String name : new String[] {"", "A B", "A:B", "A\r\nB", "A\u0000", "\u00e9", "A\t",
        "(A)"}) {
      assertThrows(IllegalArgumentException.class, () -> headers.add(name, "x"), name);
      assertThrows(IllegalArgumentException.class, () -> headers.set(name, "x"), name);
    }
    assertEquals(0, headers.size());
  }

  @Test
  void rejectsValuesThatCouldBreakALine() {
    // H9: nothing SocksTap writes can carry a raw CR, LF or NUL inside a field
    Headers headers = new Headers();
    for (String value : new String[] {"a\r\nSet-Cookie: x", "a\rb", "a\nb", "a\u0000b",
        "\u0100", "\ud83d\ude00"}) {
      assertThrows(IllegalArgumentException.class, () -> headers.add("Host", value),
          Syntax.printable(value));
      assertThrows(IllegalArgumentException.class, () -> headers.set("Host", value));
      assertThrows(IllegalArgumentException.class, () -> new HeaderField("Host", value));
    }
    assertEquals(0, headers.size());
  }

  @Test
  void trimsValues() {
    assertEquals("a b", new HeaderField("A", " \t a b\t ").value());
    assertEquals("", new HeaderField("A", "  ").value());
  }

  @Test
  void writesFieldsWithCrlf() throws Exception {
    Headers headers = new Headers().add("A", "1").add("b", "\u00e9");
    StringBuilder text = new StringBuilder();
    headers.writeTo(text);
    assertEquals("A: 1\r\nb: \u00e9\r\n", text.toString());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    headers.writeTo(out);
    assertEquals((byte) 0xE9, out.toByteArray()[9]);
    assertEquals(text.toString(), headers.toString());
    assertTrue(new Headers().isEmpty());
  }
}
