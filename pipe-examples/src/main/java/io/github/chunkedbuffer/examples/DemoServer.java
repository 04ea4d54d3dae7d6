package io.github.chunkedbuffer.examples;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * The server side of the demo: listens on 127.0.0.1 on an ephemeral port, accepts one connection,
 * sends it the {@link MessageGenerator} sequence for a seed, and closes its output.
 *
 * <p>The bytes go out in writes of random sizes, from 1 byte to 64 KiB, spread evenly over the
 * powers of two so that tiny writes (which split headers and separators) are as common as large
 * ones. The sizes come from their own random generator, derived from the same seed, so a run can be
 * repeated exactly.
 */
final class DemoServer implements AutoCloseable {

  /** The largest single write: 64 KiB. */
  static final int MAX_WRITE = 64 * 1024;

  private static final int WRITE_SIZE_BITS = Integer.numberOfTrailingZeros(MAX_WRITE);

  private final ServerSocketChannel listener;
  private final long seed;
  private final long totalBytes;

  /** Completed by the server thread with the number of bytes it sent, or with its failure. */
  private final CompletableFuture<Long> sent = new CompletableFuture<>();

  private final Thread thread;

  private DemoServer(ServerSocketChannel listener, long seed, long totalBytes) {
    this.listener = listener;
    this.seed = seed;
    this.totalBytes = totalBytes;
    this.thread = new Thread(this::serve, "demo-server");
    this.thread.setDaemon(true);
  }

  /**
   * Starts a server that sends the sequence for {@code seed} and {@code totalBytes} to the first
   * client that connects.
   */
  static DemoServer start(long seed, long totalBytes) throws IOException {
    ServerSocketChannel listener = ServerSocketChannel.open();
    try {
      listener.bind(
          new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), 0), 1);
    } catch (IOException e) {
      listener.close();
      throw e;
    }
    DemoServer server = new DemoServer(listener, seed, totalBytes);
    server.thread.start();
    return server;
  }

  /** Returns the address to connect to. */
  InetSocketAddress address() throws IOException {
    return (InetSocketAddress) listener.getLocalAddress();
  }

  /**
   * Waits until the server has sent everything and returns how many bytes it sent.
   *
   * @throws IOException when the server failed
   */
  long awaitBytesSent() throws IOException, InterruptedException {
    try {
      return sent.get();
    } catch (ExecutionException e) {
      throw new IOException("the demo server failed: " + e.getCause(), e.getCause());
    }
  }

  private void serve() {
    try (SocketChannel peer = listener.accept()) {
      peer.setOption(StandardSocketOptions.TCP_NODELAY, true);
      long n = stream(peer);
      peer.shutdownOutput();
      sent.complete(n);
    } catch (IOException | RuntimeException e) {
      sent.completeExceptionally(e);
    }
  }

  private long stream(SocketChannel peer) throws IOException {
    MessageGenerator messages = new MessageGenerator(seed, totalBytes);
    SplittableRandom sizes = new SplittableRandom(seed).split();
    // Encoded messages wait here (in fill mode) until a write takes them.
    ByteBuffer pending = ByteBuffer.allocate(1 << 20);
    boolean more = true;
    long total = 0;
    while (true) {
      int size = 1 + sizes.nextInt(1 << sizes.nextInt(WRITE_SIZE_BITS + 1)); // 1 .. MAX_WRITE
      while (more && pending.position() < size) {
        Message m = messages.next();
        if (m == null) {
          more = false;
        } else {
          pending = withRoom(pending, m.encodedLength());
          m.encodeTo(pending);
        }
      }
      pending.flip();
      if (!pending.hasRemaining()) {
        return total;
      }
      ByteBuffer write = pending.duplicate();
      write.limit(write.position() + Math.min(size, write.remaining()));
      while (write.hasRemaining()) {
        total += peer.write(write);
      }
      pending.position(write.position());
      pending.compact();
    }
  }

  private static ByteBuffer withRoom(ByteBuffer buffer, int room) {
    if (buffer.remaining() >= room) {
      return buffer;
    }
    ByteBuffer bigger =
        ByteBuffer.allocate(Math.max(buffer.capacity() * 2, buffer.position() + room));
    return bigger.put(buffer.flip());
  }

  /** Stops listening and waits briefly for the server thread to end. */
  @Override
  public void close() throws IOException {
    listener.close();
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
