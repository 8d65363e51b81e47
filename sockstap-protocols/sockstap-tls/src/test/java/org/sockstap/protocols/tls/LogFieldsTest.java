package org.sockstap.protocols.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class LogFieldsTest {

  @Test
  void escapesEverythingThatCouldSplitOrForgeAField() {
    assertEquals("-", LogFields.escape(null));
    assertEquals("-", LogFields.escape(""));
    assertEquals("www.example.com", LogFields.escape("www.example.com"));
    assertEquals("a\\x0d\\x0ab\\x00c", LogFields.escape("a\r\nb\u0000c"));
    assertEquals("a\\x20b\\x2cc\\x5cd\\x22e", LogFields.escape("a b,c\\d\"e"));
    assertEquals("\\x1b[31m\\u2028\\xe9", LogFields.escape("\u001b[31m\u2028\u00e9"));
    assertEquals("${jndi:ldap://127.0.0.1/a}%n%s{}",
        LogFields.escape("${jndi:ldap://127.0.0.1/a}%n%s{}"), "shown literally");
    String cut = LogFields.escape("x".repeat(1000));
    assertEquals("x".repeat(255) + "...", cut);
  }

  @Test
  void joinsListsWithCommasThatEntriesCannotFake() {
    assertEquals("-", LogFields.list(List.of()));
    assertEquals("h2,http/1.1", LogFields.list(List.of("h2", "http/1.1")));
    assertEquals("h2\\x2cevil", LogFields.list(List.of("h2,evil")));
  }

  @Test
  void normalisesHostNames() {
    assertEquals("www.example.com", LogFields.normalizeHost("WWW.Example.COM."));
    assertEquals(".", LogFields.normalizeHost("."));
  }

  @Test
  void tellsAddressLiteralsFromNames() {
    for (String literal : List.of("127.0.0.1", "0.0.0.0", "255.255.255.255", "::1",
        "fe80::1", "::ffff:10.0.0.1")) {
      assertTrue(LogFields.isAddressLiteral(literal), literal);
    }
    for (String name : List.of("localhost", "www.example.com", "1.2.3", "1.2.3.4.5",
        "256.1.1.1", "1.2.3.x", "1..2.3", "0001.1.1.1", "1.2.3.4.example")) {
      assertFalse(LogFields.isAddressLiteral(name), name);
    }
  }

  @Test
  void aServerNameDiffersOnlyFromADestinationGivenAsAName() {
    assertTrue(TlsHandler.sniDiffers("localhost", "www.example.test"));
    assertFalse(TlsHandler.sniDiffers("WWW.example.test", "www.Example.TEST."));
    assertFalse(TlsHandler.sniDiffers("127.0.0.1", "www.example.test"));
    assertFalse(TlsHandler.sniDiffers("::1", "www.example.test"));
    assertFalse(TlsHandler.sniDiffers("www.example.test", null));
  }
}
