package org.sockstap.api;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes one cache entry's body, to be committed only when it is complete. Not thread-safe.
 */
public interface CacheWriter extends Closeable {

  /**
   * Returns where the body goes. A write that fails (a full disk) aborts the entry; the caller
   * should stop writing to the cache but go on serving its client.
   *
   * @return the body stream
   */
  OutputStream body();

  /**
   * Makes the entry visible, atomically, replacing any earlier entry of the key.
   *
   * @throws IOException when it cannot be committed; the entry is then dropped
   */
  void commit() throws IOException;

  /** Drops the entry if it was not committed; never throws. */
  @Override
  void close();
}
