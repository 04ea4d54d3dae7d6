package io.github.chunkedbuffer.bench;

import io.netty.buffer.AdaptiveByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.PreferHeapByteBufAllocator;

/**
 * The two Netty 4.2 allocators the benchmarks compare with: {@code adaptive}, the 4.2 default
 * ({@link ByteBufAllocator#DEFAULT} unless {@code io.netty.allocator.type} says otherwise), and
 * {@code pooled}, the jemalloc-style {@link PooledByteBufAllocator#DEFAULT} that was the 4.1 default.
 * One shared instance of each per JVM, as applications use them.
 *
 * <p>And the two kinds of buffer a decoder's cumulation can be: {@code buffer}, what
 * {@code alloc.buffer()} and {@code alloc.ioBuffer()} return, as {@code ByteToMessageDecoder} and a
 * channel's reads ask for them (direct where Netty can use {@code Unsafe}, heap otherwise), and
 * {@code heapBuffer}, heap buffers (what a channel gets from a {@link PreferHeapByteBufAllocator}).
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

  /**
   * Returns allocator {@code name} as a channel of buffer kind {@code kind} uses it: itself for
   * {@code buffer}, wrapped in a {@link PreferHeapByteBufAllocator} for {@code heapBuffer}.
   */
  static ByteBufAllocator forKind(String name, String kind) {
    ByteBufAllocator alloc = named(name);
    return switch (kind) {
      case "buffer" -> alloc;
      case "heapBuffer" -> new PreferHeapByteBufAllocator(alloc);
      default -> throw unknownKind(kind);
    };
  }

  /** Returns a buffer of {@code capacity} from allocator {@code name}, of kind {@code kind}. */
  static ByteBuf newBuffer(String name, String kind, int capacity) {
    ByteBufAllocator alloc = named(name);
    return switch (kind) {
      case "buffer" -> alloc.buffer(capacity);
      case "heapBuffer" -> alloc.heapBuffer(capacity);
      default -> throw unknownKind(kind);
    };
  }

  private static IllegalArgumentException unknownKind(String kind) {
    return new IllegalArgumentException(
        "unknown Netty buffer kind '" + kind + "'; use buffer or heapBuffer");
  }
}
