package io.poolagent.runtimes.harness;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * The local PostgreSQL a runtime's application may use (127.0.0.1:5432, database {@code test},
 * user {@code postgres}, trust auth). A server that is down fails the test with a message that says
 * how to start it: never a silent skip.
 */
public final class Postgres {

  public static final String URL = "jdbc:postgresql://127.0.0.1:5432/test";

  private Postgres() {}

  public static void require() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", 5432), 2000);
    } catch (IOException e) {
      throw new AssertionError(
          "PostgreSQL is not reachable at 127.0.0.1:5432 ("
              + e.getMessage()
              + "); this test needs it (trust auth, user postgres, database test). Start it"
              + " (e.g. `pg_ctlcluster --skip-systemctl-redirect 15 main start`) or run .ci/run,"
              + " which does.");
    }
  }
}
