package io.github.chunkedbuffer.bench;

import io.netty.buffer.AdaptiveByteBufAllocator;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;

/**
 * The two Netty 4.2 allocators the benchmarks compare with: {@code adaptive}, the 4.2 default
 * ({@link ByteBufAllocator#DEFAULT} unless {@code io.netty.allocator.type} says otherwise), and
 * {@code pooled}, the jemalloc-style {@link PooledByteBufAllocator#DEFAULT} that was the 4.1 default.
 * One shared instance of each per JVM, as applications use them.
 */
final class NettyAllocators {
  private static final ByteBufAllocator ADAPTIVE =
      ByteBufAllocator.DEFAULT instanceof AdaptiveByteBufAllocator
          ? ByteBufAllocator.DEFAULT
          : new AdaptiveByteBufAllocator();

  private NettyAllocators() {}

  /** Returns the allocator named {@code adaptive} or {@code pooled}. */
  static ByteBufAllocator named(String name) {
    return switch (name) {
      case "adaptive" -> ADAPTIVE;
      case "pooled" -> PooledByteBufAllocator.DEFAULT;
      default ->
          throw new IllegalArgumentException(
              "unknown Netty allocator '" + name + "'; use adaptive or pooled");
    };
  }
}
