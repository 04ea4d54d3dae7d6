package io.github.chunkedbuffer.tests.model;

/**
 * Test data is written as digit strings: {@code "0312"} is the bytes 0, 3, 1, 2. Bytes above 9
 * (from typed and text writes) are shown as {@code \xhh}.
 */
final class Bytes {
  private Bytes() {}

  static byte[] of(String digits) {
    byte[] b = new byte[digits.length()];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) (digits.charAt(i) - '0');
    }
    return b;
  }

  static String show(byte[] bytes) {
    if (bytes == null) {
      return "null";
    }
    StringBuilder sb = new StringBuilder("\"");
    int shown = Math.min(bytes.length, 80);
    for (int i = 0; i < shown; i++) {
      int v = bytes[i] & 0xFF;
      if (v <= 9) {
        sb.append(Character.forDigit(v, 10));
      } else {
        sb.append(String.format(java.util.Locale.ROOT, "\\x%02x", v));
      }
    }
    if (shown < bytes.length) {
      sb.append("...(").append(bytes.length).append(" bytes)");
    }
    return sb.append('"').toString();
  }

  /** A long run of small-alphabet bytes, the same for the same arguments. */
  static byte[] run(int length, int seed) {
    byte[] b = new byte[length];
    int x = seed * 7 + 1;
    for (int i = 0; i < length; i++) {
      x = x * 1103515245 + 12345;
      b[i] = (byte) ((x >>> 16) & 3);
    }
    return b;
  }
}
