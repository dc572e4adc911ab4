package io.poolagent.testapp.it;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * The local database servers the tests use. A server that is down fails the tests with a message
 * that says how to start it: never a silent skip.
 */
final class Databases {

  private Databases() {}

  static void requireReachable(String db) {
    switch (db) {
      case "h2":
        return;
      case "postgres":
        require("PostgreSQL", 5432, "pg_ctlcluster --skip-systemctl-redirect 15 main start");
        return;
      case "mariadb":
        require(
            "MariaDB", 3306, "start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd");
        return;
      default:
        throw new IllegalArgumentException(db);
    }
  }

  private static void require(String name, int port, String startCommand) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
    } catch (IOException e) {
      throw new AssertionError(
          name
              + " is not reachable at 127.0.0.1:"
              + port
              + " ("
              + e.getMessage()
              + "); the integration tests need it. Start it (e.g. `"
              + startCommand
              + "`) or run .ci/run, which does.");
    }
  }
}
