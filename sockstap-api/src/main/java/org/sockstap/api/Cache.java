package org.sockstap.api;

import java.io.IOException;
import org.jspecify.annotations.Nullable;

/**
 * A store of cached entries, shared by every connection of a server: keyed entries, each with
 * metadata (opaque bytes the protocol handler defines, an HTTP response head say) and a body that
 * is streamed in and out, never held whole in memory.
 *
 * <p>The contract every implementation keeps: an entry becomes visible only when its writer
 * {@linkplain CacheWriter#commit() commits} a complete body, atomically; a writer that aborts or
 * fails leaves nothing behind; a damaged entry is never served (it reads as absent and is
 * dropped); one writer per key at a time, while readers of the committed entry go on; the store
 * keeps itself within its size bound by evicting the least recently used entries. Keys are any
 * string (they are hashed, never used as file names); handlers must include the real
 * destination in them, not only what the protocol claims.
 *
 * <p>Thread-safe; methods may block on disk I/O. Obtained by handlers from
 * {@link TappedConnection#cache()}; the default implementation is a disk store in a directory
 * configured on the server builder.
 *
 * <pre>{@code
 * try (CacheEntry hit = cache.open(key)) {
 *   if (hit != null) { hit.body().transferTo(client); return; }
 * }
 * try (CacheWriter w = cache.writer(key, meta)) {
 *   if (w != null) { copy(server, tee(client, w.body())); w.commit(); }
 * }
 * }</pre>
 */
public interface Cache {

  /**
   * Opens the committed entry of a key.
   *
   * @param key the key
   * @return the entry, to be closed by the caller, or {@code null} when there is none (or it was
   *     damaged, in which case it is dropped)
   * @throws IOException when the store cannot be read at all
   */
  @Nullable CacheEntry open(String key) throws IOException;

  /**
   * Starts writing an entry. Nothing is visible until {@link CacheWriter#commit()}; closing a
   * writer that was not committed aborts it.
   *
   * @param key the key
   * @param metadata the entry's metadata
   * @return the writer, or {@code null} when another writer holds the key (the caller then just
   *     does not store) or the store refuses it (too large for the bound, say)
   * @throws IOException when the store cannot be written at all
   */
  @Nullable CacheWriter writer(String key, byte[] metadata) throws IOException;

  /**
   * Replaces the metadata of a committed entry, keeping its body (an HTTP 304 refreshing a
   * stored response). Atomic: readers see the old or the new metadata, never a mix.
   *
   * @param key the key
   * @param metadata the new metadata
   * @return whether the entry existed and was updated
   * @throws IOException when the store cannot be written
   */
  boolean updateMetadata(String key, byte[] metadata) throws IOException;

  /**
   * Removes an entry, if there is one (an HTTP unsafe method invalidating a URI).
   *
   * @param key the key
   * @throws IOException when the store cannot be written
   */
  void remove(String key) throws IOException;
}
