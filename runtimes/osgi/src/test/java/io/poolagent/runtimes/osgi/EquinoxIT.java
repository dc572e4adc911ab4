package io.poolagent.runtimes.osgi;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Eclipse Equinox started by its own jar, as a standalone framework's users start it: {@code java
 * -jar org.eclipse.osgi.jar}, whose launcher installs and starts the bundles {@code
 * configuration/config.ini} lists in {@code osgi.bundles}. Equinox logs errors to a {@code .log}
 * file in {@code configuration/}.
 */
class EquinoxIT extends OsgiFrameworkIT {

  @Override
  String name() {
    return "equinox";
  }

  @Override
  List<String> install(Path home, List<Path> bundles) throws IOException {
    Files.copy(dist("org.eclipse.osgi.jar"), home.resolve("org.eclipse.osgi.jar"));
    Path plugins = Files.createDirectories(home.resolve("plugins"));
    for (Path bundle : bundles) {
      Files.copy(bundle, plugins.resolve(bundle.getFileName()));
    }
    // Paths relative to the framework jar's directory. eclipse.ignoreApp: there is no Eclipse
    // application to run, only bundles; without it the launcher waits for an application service
    // and logs an error. No boot delegation setting.
    String osgiBundles =
        bundles.stream()
            .map(b -> "plugins/" + b.getFileName() + "@start")
            .collect(Collectors.joining(", "));
    Files.createDirectories(home.resolve("configuration"));
    Files.writeString(
        home.resolve("configuration/config.ini"),
        "eclipse.ignoreApp=true\nosgi.bundles=" + osgiBundles + "\n");
    return List.of("-jar", "org.eclipse.osgi.jar");
  }

  @Override
  List<Path> logFiles(Path home) throws IOException {
    return filesEndingWith(home.resolve("configuration"), ".log");
  }
}
