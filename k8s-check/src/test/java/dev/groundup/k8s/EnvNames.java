package dev.groundup.k8s;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The {@code GROUNDUP_*} variables the nodes read, found by scanning the main sources of every
 * module on a node's classpath for string literals {@code "GROUNDUP_..."}: what the code reads, not
 * a copied list.
 */
final class EnvNames {

  /** Modules whose code never runs in a node: the load generator, the benchmarks, this module. */
  static final Set<String> NOT_IN_A_NODE = Set.of("tools", "bench", "microbench", "k8s-check");

  /**
   * The health and metrics HTTP port's settings, read by code that lands separately (the health
   * work); allowed before it is merged, and found by the scan once it is.
   */
  static final Set<String> LANDING_WITH_THE_HEALTH_WORK =
      Set.of("GROUNDUP_HTTP_PORT", "GROUNDUP_HTTP_HOST");

  private static final Pattern LITERAL = Pattern.compile("\"(GROUNDUP_[A-Z0-9_]+)\"");

  private EnvNames() {}

  /** The variables the node modules under {@code root} read. */
  static Set<String> scanned(Path root) {
    Set<String> names = new TreeSet<>();
    try (Stream<Path> modules = Files.list(root)) {
      for (Path module :
          modules
              .filter(
                  m ->
                      Files.exists(m.resolve("pom.xml"))
                          && Files.isDirectory(m.resolve("src/main/java"))
                          && !NOT_IN_A_NODE.contains(m.getFileName().toString()))
              .toList()) {
        try (Stream<Path> files = Files.walk(module.resolve("src/main/java"))) {
          for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
            Matcher m = LITERAL.matcher(Files.readString(file));
            while (m.find()) {
              names.add(m.group(1));
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return names;
  }

  /**
   * What a manifest may set: what the scan found plus the health work's two, if the scan lacks
   * them.
   */
  static Set<String> allowed(Path root) {
    Set<String> names = new TreeSet<>(scanned(root));
    names.addAll(LANDING_WITH_THE_HEALTH_WORK);
    return names;
  }
}
