package io.poolagent.report;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A report file replaced whole: the bytes go to a temporary file in the same directory first and
 * are then moved over the target, so a reader (a CI step polling for the file, {@code check}, a
 * browser) sees the previous version or the new one, never half of one.
 */
public final class AtomicFile {

  private AtomicFile() {}

  /** Writes {@code bytes} to {@code file}, creating its parent directories. */
  public static void write(Path file, byte[] bytes) throws IOException {
    Path target = file.toAbsolutePath();
    Path dir = target.getParent();
    Files.createDirectories(dir);
    // Not Files.createTempFile: its owner-only permissions would carry over to the report.
    Path temp =
        dir.resolve(
            "."
                + target.getFileName()
                + "."
                + ThreadLocalRandom.current().nextLong(1L << 48)
                + ".tmp");
    try {
      try (OutputStream out =
          Files.newOutputStream(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        out.write(bytes);
      }
      try {
        Files.move(
            temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        // Rare file systems; a report that is briefly partial beats no report at all.
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(temp);
    }
  }
}
