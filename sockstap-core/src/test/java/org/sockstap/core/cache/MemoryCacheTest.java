package org.sockstap.core.cache;

import org.sockstap.api.Cache;

class MemoryCacheTest extends CacheContractTest {

  @Override
  Cache newCache(long maxBytes) {
    return new MemoryCache(maxBytes);
  }

  @Override
  long usedBytes(Cache cache) {
    return ((MemoryCache) cache).size();
  }
}
