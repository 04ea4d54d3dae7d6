package io.github.chunkedbuffer.examples;

/**
 * The demo's command line.
 *
 * @param pool the pool to use, or {@code null} for the default pool
 * @param megabytes how many MiB the server sends
 * @param seed the seed of the message sequence and the write sizes
 * @param help whether {@code --help} was given
 */
record DemoOptions(String pool, int megabytes, long seed, boolean help) {

  static final int DEFAULT_MEGABYTES = 8;
  static final long DEFAULT_SEED = 20240229L;

  static final String USAGE =
      String.join(
          System.lineSeparator(),
          "usage: Demo [--pool NAME] [--mb N] [--seed N] [--help]",
          "  Streams a seeded mix of text lines, bulk strings and binary frames over a loopback",
          "  TCP connection into a Pipe, parses and verifies every message, and prints the",
          "  throughput and the pool's counters before and after.",
          "  --pool NAME  the chunk pool: heap, direct, thread-local, unpooled, counting, ...",
          "               (default: the system property io.github.chunkedbuffer.pool, else the",
          "               pool of the highest priority)",
          "  --mb N       MiB to send, 1.."
              + Integer.MAX_VALUE / 1024
              + " (default "
              + DEFAULT_MEGABYTES
              + ")",
          "  --seed N     seed of the generated messages and write sizes (default "
              + DEFAULT_SEED
              + ")",
          "  --help       print this and exit");

  /** Returns the number of bytes the server sends, at least. */
  long bytes() {
    return (long) megabytes << 20;
  }

  /**
   * Parses {@code args}.
   *
   * @throws IllegalArgumentException when an option is unknown, lacks its value, or has a bad one
   */
  static DemoOptions parse(String... args) {
    String pool = null;
    int megabytes = DEFAULT_MEGABYTES;
    long seed = DEFAULT_SEED;
    for (int i = 0; i < args.length; i++) {
      String option = args[i];
      switch (option) {
        case "--help", "-h" -> {
          return new DemoOptions(pool, megabytes, seed, true);
        }
        case "--pool" -> pool = value(args, ++i, option);
        case "--mb" -> {
          megabytes = (int) number(value(args, ++i, option), option, 1, Integer.MAX_VALUE / 1024);
        }
        case "--seed" ->
            seed = number(value(args, ++i, option), option, Long.MIN_VALUE, Long.MAX_VALUE);
        default -> throw new IllegalArgumentException("unknown option '" + option + "'");
      }
    }
    return new DemoOptions(pool, megabytes, seed, false);
  }

  private static String value(String[] args, int i, String option) {
    if (i >= args.length) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return args[i];
  }

  private static long number(String text, String option, long min, long max) {
    long n;
    try {
      n = Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + " needs a number, got '" + text + "'", e);
    }
    if (n < min || n > max) {
      throw new IllegalArgumentException(
          option + " must be between " + min + " and " + max + ", got " + n);
    }
    return n;
  }
}
