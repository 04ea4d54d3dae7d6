package io.github.chunkedbuffer.pipe.impl;

import java.lang.ref.Cleaner;

/**
 * Debug mode's safety net for pipes and sequences that are dropped without {@code close()}: each
 * is registered with a {@link Cleaner} together with a release action that does not refer to it,
 * so that when the garbage collector finds it unreachable the action reports where it was created
 * and gives its chunks back. Only debug mode registers anything, so the Cleaner's thread starts
 * only when debug mode is used.
 */
final class LeakDetector {
  private static final System.Logger LOG = System.getLogger("io.github.chunkedbuffer.pipe");

  private LeakDetector() {}

  /** The Cleaner, created on first use. */
  private static final class Holder {
    static final Cleaner CLEANER = Cleaner.create();
  }

  /**
   * Watches {@code owner}, which must call {@link Tracked#close()} when it is closed. {@code
   * release} must not refer to {@code owner}, or it would keep it reachable forever.
   */
  static Tracked track(Object owner, String what, Runnable release) {
    Tracked tracked = new Tracked(what, release, new Throwable(what + " was created here"));
    tracked.cleanable = Holder.CLEANER.register(owner, tracked);
    return tracked;
  }

  /** One watched object: its release action and where it was created. */
  static final class Tracked implements Runnable {
    private final String what;
    private final Runnable release;
    private final Throwable origin;

    /** Set by an explicit close before the action runs, so that it does not report a leak. */
    private volatile boolean closed;

    /** Set right after registration, before the owner is handed out. */
    private Cleaner.Cleanable cleanable;

    private Tracked(String what, Runnable release, Throwable origin) {
      this.what = what;
      this.release = release;
      this.origin = origin;
    }

    /** Runs the release now, at most once in all, without a report. */
    void close() {
      closed = true;
      cleanable.clean();
    }

    @Override
    public void run() {
      if (!closed) {
        LOG.log(
            System.Logger.Level.WARNING,
            what + " became unreachable without close(); its chunks are reclaimed now",
            origin);
      }
      release.run();
    }
  }
}
