package org.sockstap.protocols.http.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HopByHopTest {

  @Test
  void removesConnectionSpecificFields() {
    Headers headers = new Headers()
        .add("Host", "a")
        .add("Connection", "keep-alive, X-Secret")
        .add("Keep-Alive", "timeout=5")
        .add("Proxy-Connection", "keep-alive")
        .add("TE", "trailers")
        .add("Trailer", "X-Checksum")
        .add("Transfer-Encoding", "chunked")
        .add("Upgrade", "h2c")
        .add("Proxy-Authorization", "Basic eDp5")
        .add("Proxy-Authenticate", "Basic")
        .add("x-secret", "1")
        .add("Accept", "*/*");
    HopByHop.strip(headers);
    assertEquals(List.of(new HeaderField("Host", "a"), new HeaderField("Accept", "*/*")),
        headers.fields());
  }

  @Test
  void neverRemovesHostOrContentLengthBecauseConnectionNamesThem() {
    Headers headers = new Headers()
        .add("Host", "a")
        .add("Content-Length", "5")
        .add("Connection", "HOST, content-length, Authorization")
        .add("Authorization", "Bearer x");
    HopByHop.strip(headers);
    assertEquals(List.of(new HeaderField("Host", "a"), new HeaderField("Content-Length", "5")),
        headers.fields());
  }

  @Test
  void listsConnectionOptions() {
    Headers headers = new Headers().add("Connection", " Close ,, Upgrade")
        .add("connection", "close");
    assertEquals(Set.of("close", "upgrade"), HopByHop.connectionOptions(headers));
    assertTrue(HopByHop.isHopByHop("TRANSFER-ENCODING"));
    assertFalse(HopByHop.isHopByHop("Content-Length"));
  }

  @Test
  void stripsFieldsThatMustNotTravelInTrailers() {
    Headers trailers = new Headers()
        .add("Content-Length", "99")
        .add("transfer-encoding", "chunked")
        .add("Host", "evil.test")
        .add("Authorization", "x")
        .add("Set-Cookie", "a=b")
        .add("Content-Type", "text/html")
        .add("Server-Timing", "db;dur=5")
        .add("X-Checksum", "abc");
    HopByHop.stripTrailers(trailers);
    assertEquals(List.of(new HeaderField("Server-Timing", "db;dur=5"),
        new HeaderField("X-Checksum", "abc")), trailers.fields());
  }
}
