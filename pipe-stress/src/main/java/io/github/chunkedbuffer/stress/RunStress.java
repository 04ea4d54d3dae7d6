package io.github.chunkedbuffer.stress;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs the jcstress tests of this module and fails (exit status 1) when any test failed or erred,
 * which jcstress's own {@code Main} does not do: it reports and exits 0. Arguments are passed to
 * jcstress; the build runs it in the integration-test phase with a short preset.
 */
public final class RunStress {

  private RunStress() {}

  public static void main(String[] args) throws Exception {
    String[] full = new String[args.length + 2];
    full[0] = "-t";
    full[1] = "io\\.github\\.chunkedbuffer\\..*";
    System.arraycopy(args, 0, full, 2, args.length);

    PrintStream console = System.out;
    ByteArrayOutputStream copy = new ByteArrayOutputStream();
    System.setOut(new PrintStream(new Tee(console, copy), true, StandardCharsets.UTF_8.name()));
    try {
      org.openjdk.jcstress.Main.main(full);
    } finally {
      System.out.flush();
      System.setOut(console);
    }
    String out = copy.toString(StandardCharsets.UTF_8.name());
    int exit = verdict(out);
    console.println(exit == 0 ? "jcstress: all tests passed" : "jcstress: FAILED, see above");
    System.exit(exit);
  }

  /** 0 when the summary lists no failed or erroneous tests and some passed; 1 otherwise. */
  static int verdict(String out) {
    boolean noFailed = out.contains("Failed tests: No matches.");
    boolean noErrors = out.contains("Error tests: No matches.");
    Matcher passed = Pattern.compile("All remaining tests: (\\d+) matching").matcher(out);
    boolean some = passed.find() && Integer.parseInt(passed.group(1)) > 0;
    return noFailed && noErrors && some ? 0 : 1;
  }

  /** Writes everything to two streams. */
  private static final class Tee extends OutputStream {
    private final OutputStream a;
    private final OutputStream b;

    Tee(OutputStream a, OutputStream b) {
      this.a = a;
      this.b = b;
    }

    @Override
    public void write(int c) {
      synchronized (this) {
        try {
          a.write(c);
          b.write(c);
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }
    }

    @Override
    public synchronized void write(byte[] buf, int off, int len) throws java.io.IOException {
      a.write(buf, off, len);
      b.write(buf, off, len);
    }

    @Override
    public synchronized void flush() throws java.io.IOException {
      a.flush();
      b.flush();
    }
  }
}
