/**
 * Implementations of the {@link org.sockstap.api.Cache} SPI: {@link
 * org.sockstap.core.cache.DiskCache}, one file per entry in a directory, and {@link
 * org.sockstap.core.cache.MemoryCache}, for embedding and tests. Both keep themselves within a
 * size bound by evicting the least recently used entries.
 */
@NullMarked
package org.sockstap.core.cache;

import org.jspecify.annotations.NullMarked;
