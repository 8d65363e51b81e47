package org.sockstap.protocols.http;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;
import org.sockstap.protocols.http.cache.CacheKey;
import org.sockstap.protocols.http.wire.Headers;

/**
 * The vary index kept under a primary key when its latest stored response had a Vary field:
 * metadata only (the entry's body is empty), recording that response's Vary field value, so a
 * lookup can compute the request's variant key and open the variant entry, stored under
 * {@link #variantKey}.
 *
 * <p>Encoded as {@code "VIX1"} (distinct from {@link StoredResponse}'s tag, so neither decodes
 * as the other), a format version byte, then the Vary value and the generation, each an int
 * length followed by its ISO-8859-1 bytes. Anything else decodes to null.
 *
 * <p>Removing the primary key (invalidation) removes the index, which makes every variant
 * unreachable: lookups go only through the index. The variant entries themselves are left in
 * the store, to its LRU eviction. The generation keeps them unreachable: it is part of every
 * variant's key, a new index (after a removal) gets a new random one, and a stored variant
 * keeps the one of the index it found, so storing one variant again never brings back its
 * invalidated siblings.
 *
 * @param vary the combined Vary field value of the latest stored response (never {@code *})
 * @param generation the generation of the variants this index reaches
 */
record VaryIndex(String vary, String generation) {
  private static final int MAGIC = 0x56495831; // "VIX1"
  private static final int FORMAT = 1;

  VaryIndex {
    Objects.requireNonNull(vary, "vary");
    Objects.requireNonNull(generation, "generation");
  }

  /** A generation for a new index. */
  static String newGeneration() {
    return Long.toHexString(ThreadLocalRandom.current().nextLong());
  }

  /**
   * The key of a variant entry: the primary key, a line feed, the generation, a line feed, then
   * the variant key.
   */
  String variantKey(String primaryKey, String variant) {
    return primaryKey + "\n" + generation + "\n" + variant;
  }

  /** The request's variant key under this index, or null if the index names {@code *}. */
  @Nullable String variantOf(Headers request) {
    Headers response = new Headers();
    response.add("Vary", vary);
    return CacheKey.variant(response, request);
  }

  byte[] encode() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(MAGIC);
      out.writeByte(FORMAT);
      StoredResponse.writeString(out, vary);
      StoredResponse.writeString(out, generation);
    } catch (IOException e) {
      throw new IllegalStateException(e); // a byte array does not fail
    }
    return bytes.toByteArray();
  }

  /** Returns the decoded index, or null when the metadata is not an index or is damaged. */
  static @Nullable VaryIndex decode(byte[] metadata) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(metadata))) {
      if (in.readInt() != MAGIC || in.readUnsignedByte() != FORMAT) {
        return null;
      }
      String vary = StoredResponse.readString(in);
      String generation = StoredResponse.readString(in);
      return in.available() != 0 ? null : new VaryIndex(vary, generation);
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}
