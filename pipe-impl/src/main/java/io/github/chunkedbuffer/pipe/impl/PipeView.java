package io.github.chunkedbuffer.pipe.impl;

/**
 * A view borrowed from a pipe ({@code Pipe.newView()}): a {@link ChunkRange} that the pipe's
 * view-taking reads point at bytes, again and again, without allocating and without taking a
 * reference. It is valid while its queue's {@linkplain ChunkQueue#epoch() epoch} is the one it was
 * pointed at: the queue keeps the covered bytes intact until the epoch moves on (see {@link
 * ChunkQueue}), and every accessor checks it first, so a stale view throws instead of reading
 * memory that may have gone back to the pool. The check is one field load and compare; the pipe
 * and the view are used by one thread (a concurrent pipe's reader).
 *
 * <p>The view is also the read face that points it ({@link ChunkedPipe.Face}), so the pipe's read
 * routines serve it as they serve copies and sequences.
 */
final class PipeView extends ChunkRange implements ChunkedPipe.Face<PipeView> {

  /** What {@link #stamp} holds before the view is first pointed: no epoch is negative. */
  private static final long NEVER = -1;

  /** The queue of the pipe that made the view. */
  private final ChunkQueue queue;

  /** The queue's epoch when the view was last pointed, or {@link #NEVER}. */
  private long stamp = NEVER;

  PipeView(ChunkQueue queue) {
    super(null, 0, 0);
    this.queue = queue;
  }

  /** Whether the view was made by the pipe that owns {@code q}. */
  boolean belongsTo(ChunkQueue q) {
    return queue == q;
  }

  @Override
  void checkUsable() {
    if (stamp != queue.epoch()) {
      throw stale();
    }
  }

  private IllegalStateException stale() {
    return new IllegalStateException(
        stamp == NEVER
            ? "this view points at nothing yet: pass it to the pipe's readExact(n, view),"
                + " readUntil(separator, skip, limit, view) or peekExact(n, view) first"
            : "stale view: the pipe consumed, wrote, lent a buffer or closed since this view was"
                + " pointed, so the bytes it covered may be gone; a view is valid until the pipe's"
                + " next such call (use a ByteSequence or a copy for bytes that must live longer)");
  }

  private PipeView point(Chunk c, int offset, int n) {
    first = c;
    firstOffset = offset;
    length = n;
    written = 0;
    stamp = queue.epoch();
    return this;
  }

  // ---------------------------------------------------------------- as a read face

  @Override
  public PipeView empty() {
    queue.viewPointed(); // an empty view goes stale too, so the epoch must move on
    return point(null, 0, 0);
  }

  @Override
  public PipeView front(ChunkQueue q, int n) {
    Chunk head = q.head();
    q.viewPointed();
    return point(head, head.readIndex, n);
  }

  @Override
  public boolean borrows() {
    return true;
  }

  @Override
  public String toString() {
    return stamp == queue.epoch() ? describe("ByteView") : "ByteView[not valid]";
  }
}
