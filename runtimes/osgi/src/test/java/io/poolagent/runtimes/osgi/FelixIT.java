package io.poolagent.runtimes.osgi;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Apache Felix as its distribution lays it out and its users start it: {@code java -jar
 * bin/felix.jar} in the installation directory, which auto-deploys every bundle in {@code bundle/}
 * as {@code conf/config.properties} says. Felix logs to its console only.
 */
class FelixIT extends OsgiFrameworkIT {

  @Override
  String name() {
    return "felix";
  }

  @Override
  List<String> install(Path home, List<Path> bundles) throws IOException {
    // The launcher finds conf/ next to the directory felix.jar is in, as in the distribution.
    Files.createDirectories(home.resolve("bin"));
    Files.copy(dist("felix.jar"), home.resolve("bin/felix.jar"));
    Path deploy = Files.createDirectories(home.resolve("bundle"));
    for (Path bundle : bundles) {
      Files.copy(bundle, deploy.resolve(bundle.getFileName()));
    }
    Files.createDirectories(home.resolve("conf"));
    // The distribution's deploy setting, and nothing else: no boot delegation.
    Files.writeString(
        home.resolve("conf/config.properties"), "felix.auto.deploy.action=install,start\n");
    return List.of("-jar", "bin/felix.jar");
  }

  @Override
  List<Path> logFiles(Path home) {
    return List.of();
  }
}
