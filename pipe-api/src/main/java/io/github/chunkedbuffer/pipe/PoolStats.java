package io.github.chunkedbuffer.pipe;

/**
 * Counters of a {@link ChunkPool}, taken at one moment.
 *
 * @param acquired buffers lent since the pool was created
 * @param released buffers given back since the pool was created
 * @param outstanding buffers lent and not yet given back ({@code acquired - released}); below
 *     zero only after releases of buffers the pool did not lend, or double releases, that it
 *     could not refuse without debug checks (see {@link ChunkPool})
 * @param pooledBytes capacity of the buffers the pool keeps for reuse right now
 * @param hits acquisitions served from kept buffers
 * @param misses acquisitions that had to allocate ({@code hits + misses == acquired})
 */
public record PoolStats(
    long acquired, long released, long outstanding, long pooledBytes, long hits, long misses) {}
