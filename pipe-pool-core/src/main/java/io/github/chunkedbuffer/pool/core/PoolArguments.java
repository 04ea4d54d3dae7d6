package io.github.chunkedbuffer.pool.core;

import java.util.Objects;

/** The checks of the builders' arguments, worded alike for every builder. */
final class PoolArguments {

  private PoolArguments() {}

  /**
   * Returns {@code name} when it is a usable pool name.
   *
   * @throws NullPointerException when {@code name} is null
   * @throws IllegalArgumentException when {@code name} is empty or only white space
   */
  static String name(String name) {
    Objects.requireNonNull(name, "name");
    if (name.isBlank()) {
      throw new IllegalArgumentException(
          "name(\"" + name + "\"): a pool's name must have a character other than white space");
    }
    return name;
  }

  /**
   * Returns {@code value} when it is {@code >= 0}.
   *
   * @throws IllegalArgumentException naming {@code setting} when {@code value < 0}
   */
  static long nonNegative(String setting, long value) {
    if (value < 0) {
      throw new IllegalArgumentException(
          setting + "(" + value + "): must be >= 0 (0 keeps nothing)");
    }
    return value;
  }
}
