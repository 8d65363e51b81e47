package org.sockstap.protocols.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.sockstap.protocols.http.wire.Headers;
import org.sockstap.protocols.http.wire.HttpVersion;
import org.sockstap.protocols.http.wire.ResponseHead;

class StoredResponseTest {

  private static StoredResponse sample() {
    Headers headers = new Headers().add("ETag", "\"v1\"").add("X-Obs", "a\u00ff").add("E", "");
    return new StoredResponse(new ResponseHead(HttpVersion.HTTP_1_1, 200, "OK", headers),
        Instant.ofEpochMilli(1_000), Instant.ofEpochMilli(2_000), "6:accept=3:a,b;");
  }

  @Test
  void roundTrips() {
    StoredResponse stored = sample();
    assertEquals(stored, StoredResponse.decode(stored.encode()));
  }

  @Test
  void everyTruncationAndAnExtraByteDecodeToNull() {
    byte[] bytes = sample().encode();
    for (int length = 0; length < bytes.length; length++) {
      assertNull(StoredResponse.decode(Arrays.copyOf(bytes, length)), "length " + length);
    }
    assertNull(StoredResponse.decode(Arrays.copyOf(bytes, bytes.length + 1)));
  }

  @Test
  void anotherFormatVersionDecodesToNull() {
    byte[] bytes = sample().encode();
    bytes[4] = 2;
    assertNull(StoredResponse.decode(bytes));
    bytes[4] = 1;
    bytes[0] = 'X';
    assertNull(StoredResponse.decode(bytes));
  }

  @Test
  void theSameMetadataIsDecodedOnceAndOtherMetadataIsNot() {
    StoredResponse stored = sample();
    StoredResponse first = StoredResponse.decode(stored.encode());
    StoredResponse again = StoredResponse.decode(stored.encode());
    assertSame(first, again, "a hit on the same entry shares the decoded head");
    StoredResponse other = new StoredResponse(stored.head(), stored.requestTime(),
        Instant.ofEpochMilli(3_000), stored.variant());
    StoredResponse decodedOther = StoredResponse.decode(other.encode());
    assertNotSame(first, decodedOther);
    assertEquals(other, decodedOther);
    byte[] damaged = stored.encode();
    damaged[0] = 'X';
    assertNull(StoredResponse.decode(damaged));
    assertNull(StoredResponse.decode(damaged), "damage is not remembered as a head");
  }
}
