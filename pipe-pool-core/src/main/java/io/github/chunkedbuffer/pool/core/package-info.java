/**
 * Builders of chunk pools with limits of one's own: {@link
 * io.github.chunkedbuffer.pool.core.SizeClassPools#heap()} and {@link
 * io.github.chunkedbuffer.pool.core.SizeClassPools#direct()} for size-class pools of heap or direct
 * buffers, {@link io.github.chunkedbuffer.pool.core.ThreadLocalPools#builder(
 * io.github.chunkedbuffer.pipe.ChunkPool)} for per-thread caches in front of any pool. The registered
 * {@code heap}, {@code direct} and {@code thread-local} pools are built by the same builders, from
 * the system properties.
 *
 * <pre>{@code
 * ChunkPool heap = SizeClassPools.heap().maxPooledBytes(16 << 20).stripes(4).build();
 * ChunkPool cached = ThreadLocalPools.builder(heap).bytesPerThread(512 << 10).maxCaches(16).build();
 * try (Pipe pipe = Pipe.builder().pool(cached).build()) {
 *   // ...
 * }
 * }</pre>
 *
 * @since 0.2
 */
package io.github.chunkedbuffer.pool.core;
