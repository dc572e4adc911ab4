package io.poolagent.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * This JVM's process id, for report file names and the report itself. Read from {@code
 * /proc/self} where there is one: {@code ProcessHandle}'s first use starts the JDK's process
 * reaper machinery, some 15 ms of a short JVM's life on a small machine, for one number.
 */
public final class ProcessId {

  private ProcessId() {}

  public static long current() {
    return Holder.PID;
  }

  private static final class Holder {
    static final long PID = read();

    private static long read() {
      try {
        return Long.parseLong(Files.readSymbolicLink(Path.of("/proc/self")).toString());
      } catch (IOException | UnsupportedOperationException | NumberFormatException e) {
        return ProcessHandle.current().pid();
      }
    }
  }
}
