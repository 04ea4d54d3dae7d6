package io.github.chunkedbuffer.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.chunkedbuffer.pipe.ByteSequence;
import io.github.chunkedbuffer.pipe.PartialReadException;
import io.github.chunkedbuffer.pipe.Pipe;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ProtocolException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The code of the README's sections "Example" and "Parsing a binary protocol", run, with what it
 * prints checked. The code between the {@code // README <name> begin} and {@code end} markers below
 * is the README's code: {@link #readmeCodeIsTheCodeThisTestRuns()} compares the two, line by line
 * (blanks and spacing aside), so an edit to either side alone fails the build.
 */
class ReadmeExampleTest {

  /** The README code blocks these tests run, in README order, by the name of their markers. */
  private static final List<String> BLOCKS = List.of("example", "binary-1", "binary-2");

  // README binary-1 begin
  static final int MAX_FRAME = 1 << 20;

  static String nextFrame(Pipe pipe) throws IOException {
    if (pipe.length() < 4) {
      return null;                                  // the length is not all there yet
    }
    int n = pipe.intAt(0);                          // look at the length, consume nothing
    if (n < 0 || n > MAX_FRAME) {
      throw new ProtocolException("frame length " + n + " is not in 0.." + MAX_FRAME);
    }
    if (pipe.length() < 4L + n) {
      return null;                                  // the text is not all there yet
    }
    pipe.skip(4);
    return pipe.readString(n, StandardCharsets.UTF_8);
  }
  // README binary-1 end

  /** Code that may throw, run with {@link System#out} captured. */
  private interface Code {
    void run() throws Exception;
  }

  /** Runs {@code code} and returns the lines it printed to {@link System#out}. */
  private static List<String> printed(Code code) throws Exception {
    PrintStream original = System.out;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    try {
      code.run();
    } finally {
      System.setOut(original);
    }
    return bytes.toString(StandardCharsets.UTF_8).lines().toList();
  }

  @Test
  void exampleSectionPrintsWhatItsCommentsSay() throws Exception {
    List<String> out =
        printed(
            () -> {
              // README example begin
              // in a method that throws IOException
              try (Pipe pipe = Pipe.create()) {
                ByteBuffer buf = pipe.getBuffer(64);            // lend a buffer with room for at least 64 bytes
                buf.put("PING 5\r\nhello".getBytes(StandardCharsets.US_ASCII));
                pipe.bufferWritten(13);                         // commit what was written
                long cr = pipe.findByte((byte) '\r');           // -1 until the CR arrives
                int n = (int) pipe.parseLong(5, cr, 10);        // 5, parsed in place: no copy, no String
                pipe.skip(cr + 2);                              // consume "PING 5\r\n"
                try (ByteSequence body = pipe.readExactZeroCopy(n)) {         // a view of the chunks, no copy
                  System.out.println(body.toString(StandardCharsets.US_ASCII));  // hello
                }
                pipe.write("bye\r\n", StandardCharsets.UTF_8);  // text is encoded straight into the chunks
                System.out.println(pipe.readLine(8192));        // bye (null until a LF arrives)
                pipe.writeByte('x');
                pipe.eof();                                     // the writer is done
                try {
                  pipe.readInt();                               // needs 4 bytes; 1 is left before EOF
                } catch (PartialReadException e) {
                  System.out.println(e.leftover().length);      // 1: the bytes that were left, nothing is lost
                }
              }
              // README example end
            });
    assertEquals(List.of("hello", "bye", "1"), out);
  }

  @Test
  void binaryFrameSectionPrintsWhatItsCommentsSay() throws Exception {
    List<String> out =
        printed(
            () -> {
              // README binary-1 begin
              // in a method that throws IOException
              try (Pipe pipe = Pipe.create()) {
                pipe.writeInt(5);
                pipe.write("hello", StandardCharsets.UTF_8);
                pipe.writeInt(3);
                pipe.write("by", StandardCharsets.UTF_8);       // one byte of this frame is still missing
                System.out.println(nextFrame(pipe));            // hello
                System.out.println(nextFrame(pipe));            // null, and the 6 bytes stay buffered
                pipe.write("e", StandardCharsets.UTF_8);
                System.out.println(nextFrame(pipe));            // bye
              }
              // README binary-1 end
            });
    assertEquals(List.of("hello", "null", "bye"), out);
  }

  @Test
  void nextFrameConsumesNothingUntilTheFrameIsWholeAndRefusesABadLength() throws IOException {
    try (Pipe pipe = Pipe.create()) {
      pipe.write(new byte[] {0, 0, 0});
      assertNull(nextFrame(pipe));
      pipe.write(new byte[] {3, 'b', 'y'});
      assertNull(nextFrame(pipe));
      assertEquals(6, pipe.length());
      pipe.write(new byte[] {'e'});
      assertEquals("bye", nextFrame(pipe));
      assertEquals(0, pipe.length());
      pipe.writeInt(MAX_FRAME + 1);
      assertThrows(ProtocolException.class, () -> nextFrame(pipe));
      assertEquals(4, pipe.length());
    }
  }

  /** The frames the concurrent example's writer sends: empty, multi-byte UTF-8, many chunks. */
  private static final List<String> FRAMES =
      List.of("hello", "", "gr\u00fc\u00dfe \u4e16\u754c", "x".repeat(300_000), "bye");

  private final List<String> handled = new ArrayList<>();

  private void handle(String text) {
    handled.add(text);
  }

  /** Writes {@link #FRAMES} from another thread, then (if {@code cut}) half a frame, then EOF. */
  private static Thread startWriter(Pipe pipe, boolean cut, AtomicReference<Throwable> failure) {
    Thread writer =
        new Thread(
            () -> {
              try {
                for (String text : FRAMES) {
                  pipe.writeInt(text.getBytes(StandardCharsets.UTF_8).length);
                  pipe.write(text, StandardCharsets.UTF_8);
                }
                if (cut) {
                  pipe.writeInt(10);
                  pipe.write("abc", StandardCharsets.UTF_8);
                }
                pipe.eof();
              } catch (RuntimeException e) {
                failure.set(e);
              }
            },
            "readme-writer");
    writer.start();
    return writer;
  }

  @ParameterizedTest(name = "EOF cuts the last frame: {0}")
  @ValueSource(booleans = {false, true})
  void concurrentReaderSectionTakesEveryFrameAndReportsACutOne(boolean cut) throws Exception {
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread[] writer = new Thread[1];
    Code readme =
        () -> {
          // README binary-2 begin
          try (Pipe pipe = Pipe.builder().concurrent(1 << 20, 256 << 10).build()) {
            // writer thread: writeInt(length), write(text, UTF_8), ..., then eof()
            // README binary-2 end
            writer[0] = startWriter(pipe, cut, failure);
            // README binary-2 begin

            // reader thread
            while (pipe.awaitAtLeast(4) > 0) {              // 0: EOF after the last whole frame
              int n = pipe.readInt();                       // PartialReadException if EOF cut the length
              if (n < 0 || n > MAX_FRAME) {
                throw new ProtocolException("frame length " + n + " is not in 0.." + MAX_FRAME);
              }
              pipe.awaitAtLeast(n);                         // returns with fewer only at EOF
              handle(pipe.readString(n, StandardCharsets.UTF_8));  // PartialReadException if EOF cut it
            }
          }
          // README binary-2 end
        };
    if (cut) {
      PartialReadException e = assertThrows(PartialReadException.class, readme::run);
      assertEquals("abc", new String(e.leftover(), StandardCharsets.UTF_8));
    } else {
      readme.run();
    }
    writer[0].join();
    assertNull(failure.get());
    assertEquals(FRAMES, handled);
  }

  // ---------------------------------------------------------------- the README and this file agree

  private static Path root() {
    Path root = Path.of("").toAbsolutePath().getParent();
    assertTrue(Files.isRegularFile(root.resolve("README.md")), "no README.md in " + root);
    return root;
  }

  /** The text of section {@code heading} (a whole heading line), up to the next {@code ## }. */
  private static String section(String readme, String heading) {
    int start = readme.indexOf("\n" + heading + "\n");
    assertTrue(start >= 0, "the README has no section '" + heading + "'");
    int end = readme.indexOf("\n## ", start + 1);
    return readme.substring(start, end < 0 ? readme.length() : end);
  }

  /** The lines of every {@code ```java} block in {@code text}, one list per block. */
  private static List<List<String>> javaBlocks(String text) {
    List<List<String>> blocks = new ArrayList<>();
    List<String> block = null;
    for (String line : text.lines().toList()) {
      if (block == null && line.equals("```java")) {
        block = new ArrayList<>();
      } else if (block != null && line.equals("```")) {
        blocks.add(block);
        block = null;
      } else if (block != null) {
        block.add(line);
      }
    }
    assertNull(block, "a ```java block is not closed");
    return blocks;
  }

  /** Trimmed, inner runs of blanks made one space: a line compared regardless of its layout. */
  private static String normal(String line) {
    return line.strip().replaceAll("\\s+", " ");
  }

  /** The lines between this file's markers for block {@code name}, every region in file order. */
  private static List<String> region(List<String> source, String name) {
    String begin = "// README " + name + " begin";
    String end = "// README " + name + " end";
    List<String> lines = new ArrayList<>();
    boolean inside = false;
    for (String line : source) {
      String n = normal(line);
      if (n.equals(begin) || n.equals(end)) {
        inside = n.equals(begin);
      } else if (inside && !n.isEmpty()) {
        lines.add(n);
      }
    }
    return lines;
  }

  @Test
  void readmeCodeIsTheCodeThisTestRuns() throws IOException {
    Path root = root();
    String readme = Files.readString(root.resolve("README.md"));
    List<String> source =
        Files.readAllLines(
            root.resolve(
                "pipe-examples/src/test/java/io/github/chunkedbuffer/examples/"
                    + "ReadmeExampleTest.java"));
    List<List<String>> blocks = new ArrayList<>(javaBlocks(section(readme, "## Example")));
    blocks.addAll(javaBlocks(section(readme, "## Parsing a binary protocol")));
    assertEquals(
        BLOCKS.size(),
        blocks.size(),
        "each ```java block of the two sections needs a region in ReadmeExampleTest");
    for (int i = 0; i < blocks.size(); i++) {
      List<String> code = new ArrayList<>();
      for (String line : blocks.get(i)) {
        String n = normal(line);
        if (n.startsWith("import ")) {
          // the test compiles with the README's imports
          assertTrue(source.contains(n), "ReadmeExampleTest lacks the README's " + n);
        } else if (!n.isEmpty()) {
          code.add(n);
        }
      }
      String name = BLOCKS.get(i);
      assertEquals(
          String.join("\n", code),
          String.join("\n", region(source, name)),
          "README block " + (i + 1) + " differs from region '" + name + "' of ReadmeExampleTest");
    }
  }
}
