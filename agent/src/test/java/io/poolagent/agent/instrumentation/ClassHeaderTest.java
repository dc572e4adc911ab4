package io.poolagent.agent.instrumentation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * The header scan decides, for every class an application loads, whether it is looked at again: a
 * wrong superclass, interface or method flag is a DataSource or Connection the agent silently does
 * not track. Checked against ASM's own reading of every class of the drivers and pools the agent
 * is tested with and of the JDK's {@code java.base} and {@code java.sql}: many thousands of real
 * class files, with every constant pool entry kind the JDK itself uses.
 */
class ClassHeaderTest {

  private static final Set<String> WOVEN = Set.of("getConnection", "close", "newConnection");

  static Stream<Arguments> libraries() {
    return Stream.of(
            com.zaxxer.hikari.HikariDataSource.class,
            org.h2.Driver.class,
            org.postgresql.Driver.class,
            org.mariadb.jdbc.Driver.class,
            org.apache.tomcat.jdbc.pool.DataSource.class,
            oracle.ucp.jdbc.PoolDataSource.class)
        .map(
            type -> Arguments.of(type.getSimpleName(), type.getProtectionDomain().getCodeSource()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("libraries")
  void readsEveryClassOfALibraryAsAsmDoes(String name, CodeSource jar) throws IOException {
    Path path = Path.of(URI.create(jar.getLocation().toString()));
    try (FileSystem zip = FileSystems.newFileSystem(path, Map.of())) {
      assertThat(compareAll(zip.getPath("/"))).as("classes read in %s", path).isGreaterThan(50);
    }
  }

  @ParameterizedTest
  @MethodSource("jdkModules")
  void readsEveryClassOfAJdkModuleAsAsmDoes(String module) throws IOException {
    FileSystem jrt = FileSystems.getFileSystem(URI.create("jrt:/"));
    assertThat(compareAll(jrt.getPath("modules", module))).isGreaterThan(50);
  }

  static Stream<String> jdkModules() {
    return Stream.of("java.base", "java.sql");
  }

  @Test
  void refusesWhatIsNotAClassFile() {
    assertThatThrownBy(() -> ClassHeader.parse(new byte[] {1, 2, 3, 4, 0, 0, 0, 61, 0, 1}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("not a class file");
  }

  @Test
  void refusesAnUnknownConstantPoolTag() {
    byte[] bytes = {
      (byte) 0xCA, (byte) 0xFE, (byte) 0xBA, (byte) 0xBE, 0, 0, 0, 61, 0, 2, 13, 0, 0, 0, 0
    };
    assertThatThrownBy(() -> ClassHeader.parse(bytes))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown constant pool tag 13");
  }

  /** Compares every class file under {@code root}; returns how many there were. */
  private static int compareAll(Path root) throws IOException {
    List<Path> classes = new ArrayList<>();
    try (Stream<Path> files = Files.walk(root)) {
      files
          .filter(file -> file.toString().endsWith(".class"))
          .filter(file -> !file.getFileName().toString().equals("module-info.class"))
          .forEach(classes::add);
    }
    for (Path file : classes) {
      byte[] bytes = Files.readAllBytes(file);
      assertThat(ClassHeader.parse(bytes)).as("%s", file).isEqualTo(asAsmReadsIt(bytes));
    }
    return classes.size();
  }

  private static ClassHeader asAsmReadsIt(byte[] bytes) {
    ClassReader reader = new ClassReader(bytes);
    boolean[] declaresWoven = {false};
    boolean[] declaresLoadClass = {false};
    reader.accept(
        new ClassVisitor(Opcodes.ASM9) {
          @Override
          public MethodVisitor visitMethod(
              int access, String name, String descriptor, String signature, String[] exceptions) {
            if ((access & (Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE)) == 0
                && WOVEN.contains(name)) {
              declaresWoven[0] = true;
            }
            if ((access & (Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE)) == 0
                && name.equals("loadClass")) {
              declaresLoadClass[0] = true;
            }
            return null;
          }
        },
        ClassReader.SKIP_CODE | ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
    return new ClassHeader(
        (reader.getAccess() & Opcodes.ACC_INTERFACE) != 0,
        reader.getSuperName(),
        Arrays.asList(reader.getInterfaces()),
        declaresWoven[0],
        namesGetConnection(reader, bytes),
        declaresLoadClass[0]);
  }

  /** Whether any Utf8 constant is "getConnection", found through ASM's offsets of the entries. */
  private static boolean namesGetConnection(ClassReader reader, byte[] bytes) {
    for (int i = 1; i < reader.getItemCount(); i++) {
      int offset = reader.getItem(i);
      if (offset > 0 && bytes[offset - 1] == 1) {
        int length = ((bytes[offset] & 0xFF) << 8) | (bytes[offset + 1] & 0xFF);
        if (new String(bytes, offset + 2, length, StandardCharsets.UTF_8).equals("getConnection")) {
          return true;
        }
      }
    }
    return false;
  }
}
