package dev.groundup.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.groundup.common.testing.Ports;
import dev.groundup.testkit.Await;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * The container image, built and started without Docker: {@code ./groundup image} (jlink a runtime
 * from this JDK into a {@code tar://} base, then Jib's {@code jib:buildTar} offline) must write
 * {@code node/target/jib-image.tar}, whose config runs {@code GroundupMain} as user 65532 with the
 * four ports exposed, and whose layers hold the runtime and the application.
 *
 * <p>Then the real check: the layers are unpacked, in order, into a temporary root, and the image's
 * own entrypoint starts {@code node registry} there — {@code java} found through the image's {@code
 * PATH} (the jlinked runtime of the base layer), the image's JVM flags, its classpath file, its
 * environment plus the {@code GROUNDUP_*} a manifest would give — until the node writes its ready
 * file. An image whose runtime lacks a module the node needs (or one it only warns about: a module
 * the entrypoint opens, {@code jdk.net} for Hazelcast's keep-alive options), or whose classpath
 * misses a jar, fails here. As there is no container, the image's absolute paths ({@code /app/...},
 * {@code /tmp}, {@code /opt/...}) in the entrypoint, in the classpath file and in {@code
 * PATH}/{@code JAVA_HOME} are rewritten to lie under the unpacked root, and the node runs as this
 * user rather than 65532: instead, every file of the image must be readable by others (the layers'
 * files belong to root). The node must write nothing in the root outside its {@code /tmp} (the
 * read-only root filesystem the manifests ask for).
 *
 * <p>Skipped, saying why, when this JDK has no {@code jlink} (a JRE) or there is no {@code tar}.
 */
class ImageIT {

  private static final Duration BUILD = Duration.ofSeconds(110);
  private static final Duration READY = Duration.ofSeconds(60);
  private static final Set<String> PORTS = Set.of("7000/tcp", "5701/tcp", "5800/tcp", "8080/tcp");
  private static final Pattern IMAGE_PATH = Pattern.compile("(^|[=@:])(/(?:app|tmp|opt)(?:/|$))");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  Path dir;

  private final List<Process> started = new ArrayList<>();

  @AfterEach
  void stop() throws InterruptedException {
    for (Process p : started) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void theOfflineImageRunsANode() throws Exception {
    Path javaHome = Path.of(System.getProperty("java.home"));
    assumeThat(javaHome.resolve("bin/jlink"))
        .as("jlink: the offline image's runtime is jlinked from this JDK (%s)", javaHome)
        .isExecutable();
    assumeThat(onPath("tar"))
        .as("tar on the PATH (the image build and this test unpack layers with it)")
        .isTrue();
    Path root = Path.of(System.getProperty("basedir", "")).toAbsolutePath().getParent();
    String version = System.getProperty("groundup.version");
    assertThat(root.resolve("groundup")).as("the launcher script").isExecutable();
    assertThat(version).as("groundup.version (set by node/pom.xml)").isNotBlank();

    Path imageTar = root.resolve("node/target/jib-image.tar");
    Files.deleteIfExists(imageTar);
    buildImage(root, javaHome);
    assertThat(imageTar).as("./groundup image's output").isRegularFile();

    Path unpacked = Files.createDirectories(dir.resolve("image"));
    run(
        dir.resolve("untar.log"),
        Duration.ofSeconds(30),
        "tar",
        "-xf",
        imageTar.toString(),
        "-C",
        unpacked.toString());
    JsonNode manifest = JSON.readTree(unpacked.resolve("manifest.json").toFile()).get(0);
    assertThat(manifest.get("RepoTags").get(0).asText()).isEqualTo("groundup/node:" + version);
    JsonNode config =
        JSON.readTree(unpacked.resolve(manifest.get("Config").asText()).toFile()).get("config");

    List<String> entrypoint = strings(config.get("Entrypoint"));
    assertThat(entrypoint.getFirst()).isEqualTo("java");
    assertThat(entrypoint.getLast()).isEqualTo(GroundupMain.class.getName());
    assertThat(entrypoint)
        .contains(
            "-XX:MaxRAMPercentage=75",
            "-XX:+ExitOnOutOfMemoryError",
            "-XX:-UsePerfData",
            "-Djava.io.tmpdir=/tmp");
    assertThat(entrypoint).containsSequence("-cp", "@/app/jib-classpath-file");
    assertThat(strings(config.get("Cmd")))
        .as("no default role: the manifests' args choose it")
        .isEmpty();
    assertThat(config.get("User").asText()).isEqualTo("65532:65532");
    assertThat(names(config.get("ExposedPorts"))).isEqualTo(PORTS);

    Path image = Files.createDirectories(dir.resolve("root"));
    for (JsonNode layer : manifest.get("Layers")) {
      run(
          dir.resolve("untar.log"),
          Duration.ofSeconds(30),
          "tar",
          "-xf",
          unpacked.resolve(layer.asText()).toString(),
          "-C",
          image.toString());
    }
    assertThat(image.resolve("app/classes/dev/groundup/node/GroundupMain.class")).isRegularFile();
    assertThat(image.resolve("app/resources/logback.xml")).isRegularFile();
    for (String module : List.of("common", "registry", "game-shard", "gateway")) {
      assertThat(image.resolve("app/libs/" + module + "-" + version + ".jar")).isRegularFile();
    }
    String classpath = Files.readString(image.resolve("app/jib-classpath-file")).strip();
    assertThat(classpath.split(":"))
        .allSatisfy(entry -> assertThat(image.resolve(entry.substring(1))).exists());
    assertThat(classpath).contains("/app/libs/hazelcast-", "/app/libs/vertx-core-");

    Map<String, String> env = environment(config.get("Env"), image);
    Path java = findOnPath(env.get("PATH"), "java");
    assertThat(java).as("java on the image's PATH").isNotNull();
    assertThat(java.startsWith(image.resolve("opt")))
        .as("the image's own runtime: %s", java)
        .isTrue();
    assertThat(Files.readString(java.getParent().getParent().resolve("release")))
        .contains("MODULES=");

    assertThat(closedToOthers(image))
        .as("what user 65532 could not read (the layers' files belong to root)")
        .isEmpty();
    assertThat(Files.getPosixFilePermissions(java)).contains(PosixFilePermission.OTHERS_EXECUTE);

    Map<String, Long> before = filesOutsideTmp(image);
    startRegistry(image, entrypoint, env, java);
    assertThat(filesOutsideTmp(image))
        .as("files in the root outside /tmp after the node ran")
        .isEqualTo(before);
  }

  /**
   * {@code ./groundup image} with this JDK and the Maven repository and offline mode of the running
   * build.
   */
  private void buildImage(Path root, Path javaHome) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(root.resolve("groundup").toString(), "image"));
    String repo = System.getProperty("localRepository", "");
    if (!repo.isBlank()) {
      command.add("-Dmaven.repo.local=" + repo);
    }
    if (System.getProperty("groundup.maven.offline", "").equals("offline=true")) {
      command.add("-o");
    }
    ProcessBuilder builder = new ProcessBuilder(command).directory(root.toFile());
    builder.environment().put("JAVA_HOME", javaHome.toString());
    String mavenHome = System.getProperty("groundup.maven.home", "");
    if (!mavenHome.isBlank() && !mavenHome.startsWith("${")) {
      builder
          .environment()
          .merge("PATH", mavenHome + "/bin", (path, bin) -> bin + File.pathSeparator + path);
    }
    Path log = dir.resolve("image-build.log");
    long start = System.nanoTime();
    try {
      run(builder, log, BUILD);
    } catch (AssertionError e) {
      if (read(log).contains("No plugin found for prefix 'jib'")) {
        throw new AssertionError(
            "the Jib plugin is not in the local repository "
                + repo
                + " and this build is"
                + " offline: run the build once online (or ./groundup image without -o) to fetch it",
            e);
      }
      throw e;
    }
    System.out.printf(
        "ImageIT: ./groundup image took %d ms%n", (System.nanoTime() - start) / 1_000_000);
  }

  /**
   * The image's entrypoint with {@code node registry} as its args, under the unpacked root, until
   * the node is ready: then it is killed.
   */
  private void startRegistry(
      Path image, List<String> entrypoint, Map<String, String> env, Path java) throws IOException {
    Path classpathFile = dir.resolve("jib-classpath-file");
    Files.writeString(
        classpathFile,
        underRoot(Files.readString(image.resolve("app/jib-classpath-file")).strip(), image, ":"));
    List<String> command = new ArrayList<>();
    command.add(java.toString());
    for (String arg : entrypoint.subList(1, entrypoint.size())) {
      command.add(
          arg.equals("@/app/jib-classpath-file")
              ? "@" + classpathFile
              : underRoot(arg, image, null));
    }
    command.addAll(List.of("node", "registry"));
    Path readyFile = dir.resolve("ready.json");
    int hazelcast = Ports.free();
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(image.resolve("tmp").toFile())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("registry.log").toFile());
    builder.environment().clear();
    builder.environment().putAll(env);
    builder
        .environment()
        .putAll(
            Map.of(
                "GROUNDUP_CLUSTER_NAME",
                "image-" + UUID.randomUUID().toString().substring(0, 8),
                "GROUNDUP_CLUSTER_HOST",
                "127.0.0.1",
                "GROUNDUP_HZ_PORT",
                Integer.toString(hazelcast),
                "GROUNDUP_HZ_PORT_AUTO",
                "false",
                "GROUNDUP_SEEDS",
                "127.0.0.1:" + hazelcast,
                "GROUNDUP_READY_FILE",
                readyFile.toString()));
    Process node = builder.start();
    started.add(node);
    Await.until(
        "the registry started from the image to write its ready file (log: "
            + dir.resolve("registry.log")
            + ")",
        READY,
        () -> {
          if (!node.isAlive()) {
            throw new AssertionError(
                "the registry started from the image exited with "
                    + node.exitValue()
                    + ":\n"
                    + read(dir.resolve("registry.log")));
          }
          return Files.exists(readyFile);
        });
    assertThat(read(readyFile)).contains("\"role\":\"registry\"", "\"hazelcast\":" + hazelcast);
    node.destroyForcibly();
    // a module the entrypoint opens, or Hazelcast's socket options need, is missing from the
    // runtime
    assertThat(read(dir.resolve("registry.log")))
        .doesNotContain("Unknown module", "does not support jdk.net");
  }

  /** The image's environment with the paths in PATH and JAVA_HOME under the unpacked root. */
  private static Map<String, String> environment(JsonNode env, Path image) {
    Map<String, String> result = new HashMap<>();
    for (String entry : strings(env)) {
      int eq = entry.indexOf('=');
      String name = entry.substring(0, eq);
      String value = entry.substring(eq + 1);
      result.put(
          name,
          name.equals("PATH") || name.equals("JAVA_HOME") ? underRoot(value, image, ":") : value);
    }
    assertThat(result).containsKey("PATH");
    return result;
  }

  /** {@code value} with the image's absolute paths (/app, /tmp, /opt) moved under {@code image}. */
  private static String underRoot(String value, Path image, String separator) {
    if (separator != null) {
      List<String> parts = new ArrayList<>();
      for (String part : value.split(separator)) {
        parts.add(part.startsWith("/") ? image + part : part);
      }
      return String.join(separator, parts);
    }
    Matcher m = IMAGE_PATH.matcher(value);
    return m.find() ? value.substring(0, m.start(2)) + image + value.substring(m.start(2)) : value;
  }

  private static Path findOnPath(String path, String name) {
    for (String d : path.split(":")) {
      Path candidate = Path.of(d, name);
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    return null;
  }

  private static boolean onPath(String name) {
    return findOnPath(System.getenv().getOrDefault("PATH", ""), name) != null;
  }

  /**
   * The files under the root that others may not read, and the directories they may not enter (the
   * root itself is this test's directory, not part of the image).
   */
  private static List<String> closedToOthers(Path image) throws IOException {
    try (Stream<Path> all = Files.walk(image)) {
      return all.filter(p -> !p.equals(image))
          .filter(
              p -> {
                try {
                  Set<PosixFilePermission> mode =
                      Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS);
                  return !mode.contains(PosixFilePermission.OTHERS_READ)
                      || Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)
                          && !mode.contains(PosixFilePermission.OTHERS_EXECUTE);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              })
          .map(p -> image.relativize(p).toString())
          .toList();
    }
  }

  /**
   * Every file and directory under the root but outside its tmp, with its size and modification
   * time.
   */
  private static Map<String, Long> filesOutsideTmp(Path image) throws IOException {
    Path tmp = image.resolve("tmp");
    try (Stream<Path> all = Files.walk(image)) {
      Map<String, Long> files = new TreeMap<>();
      all.filter(p -> !p.startsWith(tmp))
          .forEach(
              p -> {
                try {
                  files.put(
                      image.relativize(p).toString(),
                      Files.size(p) * 31 + Files.getLastModifiedTime(p).toMillis());
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
      return files;
    }
  }

  private static List<String> strings(JsonNode array) {
    List<String> result = new ArrayList<>();
    if (array != null && !array.isNull()) {
      array.forEach(n -> result.add(n.asText()));
    }
    return result;
  }

  private static Set<String> names(JsonNode object) {
    Set<String> result = new TreeSet<>();
    object.fieldNames().forEachRemaining(result::add);
    return result;
  }

  private void run(Path log, Duration timeout, String... command)
      throws IOException, InterruptedException {
    run(new ProcessBuilder(command), log, timeout);
  }

  /**
   * Runs {@code builder} to the end within {@code timeout}, its output appended to {@code log};
   * fails otherwise.
   */
  private void run(ProcessBuilder builder, Path log, Duration timeout)
      throws IOException, InterruptedException {
    Process p =
        builder
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    started.add(p);
    if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      throw new AssertionError(
          String.join(" ", builder.command())
              + " did not end within "
              + timeout
              + ":\n"
              + tail(log));
    }
    assertThat(p.exitValue())
        .as("%s exited with:\n%s", String.join(" ", builder.command()), tail(log))
        .isZero();
  }

  private static String tail(Path log) {
    String all = read(log);
    return all.length() > 6000 ? all.substring(all.length() - 6000) : all;
  }

  private static String read(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
