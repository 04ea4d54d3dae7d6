package io.github.chunkedbuffer.pool.core;

/** Reads the pools' system properties. */
final class PoolSettings {

  /** The system property that bounds how many bytes each pool keeps for reuse. */
  static final String MAX_POOLED_BYTES_PROPERTY = "io.github.chunkedbuffer.pool.maxPooledBytes";

  /** What each pool keeps at most when the property is not set: 64 MiB. */
  static final long DEFAULT_MAX_POOLED_BYTES = 64L << 20;

  private PoolSettings() {}

  /**
   * Returns the value of {@value #MAX_POOLED_BYTES_PROPERTY}, read now, or {@link
   * #DEFAULT_MAX_POOLED_BYTES} when it is not set. Pools call this once, when they are created.
   *
   * <p>A value that is not a whole number of bytes {@code >= 0} fails loudly rather than falling
   * back to the default: a typo in a memory bound is a configuration error the operator wants to
   * hear about at start-up, not a surprise under load.
   *
   * @throws IllegalArgumentException naming the property and the value when the value is invalid
   */
  static long maxPooledBytes() {
    String raw = System.getProperty(MAX_POOLED_BYTES_PROPERTY);
    if (raw == null) {
      return DEFAULT_MAX_POOLED_BYTES;
    }
    long value;
    try {
      value = Long.parseLong(raw.trim());
    } catch (NumberFormatException e) {
      throw invalid(raw, e);
    }
    if (value < 0) {
      throw invalid(raw, null);
    }
    return value;
  }

  private static IllegalArgumentException invalid(String raw, NumberFormatException cause) {
    return new IllegalArgumentException(
        "system property "
            + MAX_POOLED_BYTES_PROPERTY
            + "='"
            + raw
            + "' is not a byte count: expected a whole number >= 0 such as 67108864 (64 MiB);"
            + " 0 keeps nothing",
        cause);
  }
}
