package org.sockstap.protocols.http;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.sockstap.protocols.http.wire.HeaderField;
import org.sockstap.protocols.http.wire.Headers;
import org.sockstap.protocols.http.wire.HttpVersion;
import org.sockstap.protocols.http.wire.ResponseHead;

/**
 * The metadata of a cached HTTP response: its head (without framing or hop-by-hop fields: the
 * body is stored decoded and served with a Content-Length), when it was requested and received,
 * and the variant key (see {@link org.sockstap.protocols.http.cache.CacheKey#variant}) of the
 * request it answered.
 *
 * <p>Encoded as {@code "STR1"}, a format version byte, then the status (int), the reason, the
 * version text, the request and response times (epoch millis, longs), the variant, the field
 * count (int) and each field's name and value. Every string is an int length followed by its
 * ISO-8859-1 bytes. Anything else decodes to null and is treated as absent.
 *
 * @param head the response head to serve
 * @param requestTime when the request that got it was sent
 * @param responseTime when its head was received
 * @param variant the variant key of that request
 */
record StoredResponse(ResponseHead head, Instant requestTime, Instant responseTime,
    String variant) {
  private static final int MAGIC = 0x53545231; // "STR1"
  private static final int FORMAT = 1;
  /** A bound on any decoded string, so damaged metadata cannot ask for a huge array. */
  private static final int MAX_STRING = 1 << 20;

  StoredResponse {
    Objects.requireNonNull(head, "head");
    Objects.requireNonNull(requestTime, "requestTime");
    Objects.requireNonNull(responseTime, "responseTime");
    Objects.requireNonNull(variant, "variant");
  }

  byte[] encode() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(512);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(MAGIC);
      out.writeByte(FORMAT);
      out.writeInt(head.status());
      writeString(out, head.reason());
      writeString(out, head.version().text());
      out.writeLong(requestTime.toEpochMilli());
      out.writeLong(responseTime.toEpochMilli());
      writeString(out, variant);
      out.writeInt(head.headers().size());
      for (HeaderField field : head.headers().fields()) {
        writeString(out, field.name());
        writeString(out, field.value());
      }
    } catch (IOException e) {
      throw new IllegalStateException(e); // a byte array does not fail
    }
    return bytes.toByteArray();
  }

  /**
   * Returns the decoded metadata, or null when it is not this format or is damaged. Metadata
   * decoded before is not decoded again: a popular entry's head is shared by its hits, which is
   * safe because nothing changes a stored head (those who change fields change a copy).
   *
   * @param metadata the entry's metadata; kept, so the caller must not change it afterwards
   */
  static @Nullable StoredResponse decode(byte[] metadata) {
    return DecodedHeads.SHARED.decode(metadata);
  }

  /** Decoded metadata by content, bounded: cleared whenever it would hold over 4 MiB of it. */
  private static final class DecodedHeads {
    static final DecodedHeads SHARED = new DecodedHeads();
    private static final int MAX_BYTES = 4 << 20;
    private final ConcurrentHashMap<Content, StoredResponse> decoded = new ConcurrentHashMap<>();
    private final AtomicInteger bytes = new AtomicInteger();

    @Nullable StoredResponse decode(byte[] metadata) {
      Content content = new Content(metadata);
      StoredResponse known = decoded.get(content);
      if (known != null) {
        return known;
      }
      StoredResponse fresh = decodeNow(metadata);
      if (fresh != null) {
        if (bytes.addAndGet(metadata.length) > MAX_BYTES) {
          decoded.clear();
          bytes.set(metadata.length);
        }
        decoded.put(content, fresh);
      }
      return fresh;
    }

    /** Metadata bytes as a map key: compared by content. */
    private static final class Content {
      private final byte[] bytes;
      private final int hash;

      Content(byte[] bytes) {
        this.bytes = bytes;
        this.hash = Arrays.hashCode(bytes);
      }

      @Override
      public boolean equals(Object other) {
        return other instanceof Content c && c.hash == hash && Arrays.equals(c.bytes, bytes);
      }

      @Override
      public int hashCode() {
        return hash;
      }
    }
  }

  private static @Nullable StoredResponse decodeNow(byte[] metadata) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(metadata))) {
      if (in.readInt() != MAGIC || in.readUnsignedByte() != FORMAT) {
        return null;
      }
      int status = in.readInt();
      String reason = readString(in);
      HttpVersion version = HttpVersion.fromText(readString(in));
      Instant requestTime = Instant.ofEpochMilli(in.readLong());
      Instant responseTime = Instant.ofEpochMilli(in.readLong());
      String variant = readString(in);
      int count = in.readInt();
      if (version == null || count < 0 || count > metadata.length) {
        return null;
      }
      Headers headers = new Headers();
      for (int i = 0; i < count; i++) {
        headers.add(readString(in), readString(in));
      }
      if (in.available() != 0) {
        return null;
      }
      return new StoredResponse(new ResponseHead(version, status, reason, headers), requestTime,
          responseTime, variant);
    } catch (IOException | RuntimeException e) {
      return null; // damaged: the caller treats it as a miss
    }
  }

  /** Writes a length-prefixed ISO-8859-1 string; the cache's metadata formats share it. */
  static void writeString(DataOutputStream out, String text) throws IOException {
    byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
    out.writeInt(bytes.length);
    out.write(bytes);
  }

  /** Reads what {@link #writeString} wrote; damaged or truncated input throws. */
  static String readString(DataInputStream in) throws IOException {
    int length = in.readInt();
    if (length < 0 || length > MAX_STRING) {
      throw new IOException("string length " + length);
    }
    byte[] bytes = in.readNBytes(length);
    if (bytes.length != length) {
      throw new IOException("truncated");
    }
    return new String(bytes, StandardCharsets.ISO_8859_1);
  }
}
