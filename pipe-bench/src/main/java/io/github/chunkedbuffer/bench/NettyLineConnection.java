package io.github.chunkedbuffer.bench;

import static io.github.chunkedbuffer.bench.StreamInput.CR;
import static io.github.chunkedbuffer.bench.StreamInput.LF;
import static io.github.chunkedbuffer.bench.StreamInput.malformed;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.ChannelConfig;
import io.netty.channel.RecvByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.ByteToMessageDecoder;
import org.openjdk.jmh.infra.Blackhole;

/**
 * One Netty connection's inbound path for CR LF lines, the way a NIO socket channel, a {@code
 * ByteToMessageDecoder} and a {@code LineBasedFrameDecoder} run it, without the channel pipeline
 * around them (whose dispatch cost is not a buffer's):
 *
 * <ul>
 *   <li>The socket read: the channel's {@link AdaptiveRecvByteBufAllocator} handle (Netty's own
 *       class) sizes each receive buffer ({@code alloc.ioBuffer(guess)}, 2 KiB at first, then
 *       adapting to what reads bring), the bytes are copied in, and reading goes on while a read
 *       filled its buffer, up to 16 reads, as {@code NioSocketChannel} does; a read that finds
 *       nothing releases its buffer.
 *   <li>Each receive buffer goes to the decoder: the cumulation is {@link
 *       ByteToMessageDecoder#MERGE_CUMULATOR} (Netty's own code: an empty cumulation is replaced by
 *       the received buffer, otherwise the bytes are copied in, growing or replacing it), lines are
 *       taken out, a cumulation read to its end is released and dropped, and {@code
 *       discardSomeReadBytes} runs after 16 reads and at the end of each read loop (unless the
 *       cumulation was just made from the received buffer), as in {@code ByteToMessageDecoder}.
 *   <li>Lines are found as {@code LineBasedFrameDecoder} finds them (the search resumes where the
 *       last one stopped) and taken with the CR LF stripped, as a retained slice released after use
 *       ({@code zeroCopy}) or copied into a new {@code byte[]} ({@code copy}).
 * </ul>
 *
 * <p>What the connection holds between reads is its cumulation: {@code null} after a read that left
 * nothing, as in Netty. Not thread-safe: one event-loop thread per connection, as in Netty.
 */
final class NettyLineConnection {
  /** A config with auto-read on, which is all the receive handle asks of it. */
  private static final ChannelConfig CONFIG = new EmbeddedChannel().config();

  /** {@code ChannelMetadata.defaultMaxMessagesPerRead} of a NIO socket channel. */
  private static final int MAX_READS_PER_LOOP = 16;

  /** {@code ByteToMessageDecoder}'s default {@code discardAfterReads}. */
  private static final int DISCARD_AFTER_READS = 16;

  private static final RecvByteBufAllocator RECEIVE_SIZES =
      new AdaptiveRecvByteBufAllocator().maxMessagesPerRead(MAX_READS_PER_LOOP);

  final Tally tally = new Tally();
  private final ByteBufAllocator alloc;
  private final RecvByteBufAllocator.ExtendedHandle receive;
  private final boolean copy;

  /** The decoder's cumulation, or {@code null} when it holds nothing. */
  private ByteBuf cumulation;

  /** Whether the cumulation was made from the last received buffer. */
  private boolean first;

  private int readsSinceDiscard;

  /** How many readable bytes the last unsuccessful line search looked at. */
  private int scanned;

  /**
   * @param alloc the channel's allocator (see {@link NettyAllocators#forKind})
   * @param copy whether lines are copied out ({@code true}) or taken as retained slices
   */
  NettyLineConnection(ByteBufAllocator alloc, boolean copy) {
    this.alloc = alloc;
    this.copy = copy;
    this.receive = (RecvByteBufAllocator.ExtendedHandle) RECEIVE_SIZES.newHandle();
  }

  /**
   * The socket has {@code data[off, off + n)} to read: one read loop of the channel, then the end of
   * the loop ({@code channelReadComplete}).
   */
  void receive(byte[] data, int off, int n, Blackhole bh) {
    RecvByteBufAllocator.ExtendedHandle handle = receive;
    int at = off;
    int left = n;
    do {
      handle.reset(CONFIG);
      do {
        ByteBuf in = handle.allocate(alloc);
        int room = in.writableBytes();
        int read = Math.min(room, left);
        handle.attemptedBytesRead(room);
        in.writeBytes(data, at, read);
        at += read;
        left -= read;
        handle.lastBytesRead(read);
        if (read == 0) {
          in.release();
          break;
        }
        handle.incMessagesRead(1);
        channelRead(in, bh);
      } while (handle.continueReading());
      handle.readComplete();
      channelReadComplete();
    } while (left > 0);
  }

  private void channelRead(ByteBuf in, Blackhole bh) {
    first = cumulation == null;
    cumulation =
        ByteToMessageDecoder.MERGE_CUMULATOR.cumulate(
            alloc, first ? Unpooled.EMPTY_BUFFER : cumulation, in);
    decodeLines(cumulation, bh);
    if (!cumulation.isReadable()) {
      readsSinceDiscard = 0;
      cumulation.release();
      cumulation = null;
    } else if (++readsSinceDiscard >= DISCARD_AFTER_READS) {
      readsSinceDiscard = 0;
      discardSomeReadBytes();
    }
  }

  private void channelReadComplete() {
    readsSinceDiscard = 0;
    discardSomeReadBytes();
  }

  private void discardSomeReadBytes() {
    if (cumulation != null && !first && cumulation.refCnt() == 1) {
      cumulation.discardSomeReadBytes();
    }
  }

  private void decodeLines(ByteBuf buf, Blackhole bh) {
    while (true) {
      int reader = buf.readerIndex();
      int lf = buf.indexOf(reader + scanned, buf.writerIndex(), LF);
      if (lf < 0) {
        scanned = buf.readableBytes();
        return;
      }
      scanned = 0;
      if (lf == reader || buf.getByte(lf - 1) != CR) {
        throw malformed("netty connection", "no CR before LF");
      }
      int length = lf - 1 - reader;
      if (copy) {
        byte[] line = new byte[length];
        buf.readBytes(line);
        tally.add(length, line[0], line[length - 1]);
        bh.consume(line);
      } else {
        ByteBuf line = buf.readRetainedSlice(length);
        tally.add(length, line.getByte(0), line.getByte(length - 1));
        bh.consume(line);
        line.release();
      }
      buf.skipBytes(2);
    }
  }

  /** Returns the bytes buffered and not yet taken out as lines. */
  int buffered() {
    return cumulation == null ? 0 : cumulation.readableBytes();
  }

  /** Returns the capacity of the buffer the connection holds, 0 when it holds none. */
  int heldCapacity() {
    return cumulation == null ? 0 : cumulation.capacity();
  }

  /** Releases what the connection holds, as closing the channel would. */
  void close() {
    if (cumulation != null) {
      cumulation.release();
      cumulation = null;
    }
  }
}
