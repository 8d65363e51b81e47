package org.sockstap.api;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;

/**
 * A committed cache entry being read. Its body stays readable until it is closed, even if the
 * entry is replaced or evicted meanwhile. Not thread-safe: one reader per instance.
 */
public interface CacheEntry extends Closeable {

  /**
   * Returns the metadata written with the entry (or by the last metadata update).
   *
   * @return a copy of the metadata
   */
  byte[] metadata();

  /**
   * Returns the body's length in bytes.
   *
   * @return the length
   */
  long bodyLength();

  /**
   * Returns when the entry was committed or its metadata last updated.
   *
   * @return the time
   */
  Instant stored();

  /**
   * Returns the body, from its first byte. A body that turns out damaged while it is read (a
   * checksum mismatch) throws an {@link IOException} at its end instead of ending normally, and
   * the entry is dropped.
   *
   * @return the body stream; closing the entry closes it
   * @throws IOException when the body cannot be opened
   */
  InputStream body() throws IOException;

  /** Releases the entry; never throws. */
  @Override
  void close();
}
