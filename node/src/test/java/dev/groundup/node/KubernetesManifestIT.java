package dev.groundup.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.groundup.common.cluster.Role;
import dev.groundup.testkit.Await;
import dev.groundup.testkit.LineClient;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Kubernetes manifests drive a real cluster: renders k8s/overlays/dev with {@code kubectl
 * kustomize}, and for every replica of every workload starts a "pod" — a network namespace of its
 * own with its own address — running the node the container's args name with exactly the
 * container's environment (its envFrom ConfigMaps and its env), substituting only the downward
 * API's values (the pod IP and the pod name). Discovery is the manifests' own: Hazelcast's
 * Kubernetes DNS lookup of the headless Service's name, which a per-pod hosts file ({@code
 * -Djdk.net.hosts.file}) resolves to every pod's address, as cluster DNS does for a headless
 * Service. Then a player plays through the gateway: login, join, move, ack. A manifest that would
 * not form a cluster (wrong discovery name, wrong ports, wrong quorum, a variable spelled wrong
 * that leaves a default) fails here. Needs kubectl and root for {@code ip netns}; skipped with the
 * reason elsewhere. Does not use the health endpoints.
 */
class KubernetesManifestIT {

  private static final Duration READY = Duration.ofSeconds(150);
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  /** A pod of a workload: its name, the container's args, env (values resolved) and named ports. */
  record Pod(
      String name,
      String workload,
      Map<String, String> labels,
      List<String> args,
      Map<String, String> env,
      Map<String, Integer> ports) {
    Role role() {
      return Role.parse(args.get(1));
    }
  }

  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  Path dir;

  @Test
  void theDevOverlaysPodsFormAClusterThatPlays() throws Exception {
    String kubectl = kubectlUnavailable();
    assumeTrue(kubectl == null, "manifest-driven run skipped: " + kubectl);
    String netns = Netns.unavailableReason();
    assumeTrue(netns == null, "manifest-driven run skipped: " + netns);

    List<JsonNode> objects =
        render(Path.of("..").toAbsolutePath().normalize().resolve("k8s/overlays/dev"));
    List<NodeProcess> nodes = new ArrayList<>();
    try (Netns net = new Netns()) {
      List<Pod> pods = pods(objects);
      assertThat(pods).extracting(Pod::role).contains(Role.REGISTRY, Role.SHARD, Role.GATEWAY);
      // the headless Service's name the pods discover each other through (if the manifests set
      // none,
      // the nodes fall back to seeds on 127.0.0.1 and cannot form a cluster: that fails below)
      String serviceDns = pods.getFirst().env().get("GROUNDUP_K8S_SERVICE_DNS");
      Set<String> podIps = new TreeSet<>();
      for (int i = 0; i < pods.size(); i++) {
        podIps.add(Netns.address(i + 1));
      }
      Map<String, Set<String>> dns = clusterDns(objects, pods);

      NodeProcess.Launcher base = ProcessCluster.launcher();
      Pod gateway = null;
      int gatewayHost = 0;
      for (int i = 0; i < pods.size(); i++) {
        int n = i + 1;
        Pod pod = pods.get(i);
        String namespace = net.addHost(n);
        Path hosts = hostsFile(pod.name(), Netns.address(n), dns);
        if (i == 0 && serviceDns != null) {
          assertThat(resolveAll(base, hosts, serviceDns))
              .as("what Hazelcast's DNS lookup of %s returns in a pod", serviceDns)
              .isEqualTo(podIps);
        }
        if (pod.role() == Role.GATEWAY && gateway == null) {
          net.attachRootTo(n);
          gateway = pod;
          gatewayHost = n;
        }
        List<String> flags = new ArrayList<>(base.jvmFlags());
        flags.add("-Djdk.net.hosts.file=" + hosts);
        NodeProcess.Launcher launcher =
            new NodeProcess.Launcher(
                base.java(), base.classpath(), flags, Netns.exec(namespace), false);
        nodes.add(
            NodeProcess.start(
                launcher,
                pod.name(),
                pod.role(),
                withIp(pod.env(), Netns.address(n)),
                dir,
                GroundupMain.class.getName(),
                pod.args()));
      }
      for (NodeProcess node : nodes) {
        node.awaitReady(READY);
      }
      Pattern all = Pattern.compile("Members \\{size:" + pods.size() + ",");
      Await.until(
          "every pod to see all " + pods.size() + " members",
          READY,
          () -> nodes.stream().allMatch(node -> all.matcher(log(node)).find()));

      int playerPort = gateway.ports().get("players");
      assertThat(Integer.parseInt(gateway.env().get("GROUNDUP_PORT"))).isEqualTo(playerPort);
      play(Netns.sideAddress(gatewayHost), playerPort);
    } finally {
      for (NodeProcess node : nodes) {
        node.kill();
      }
    }
  }

  private static void play(String host, int port) {
    try (LineClient client = LineClient.connect(host, port)) {
      client.awaitEv("hello");
      JsonNode welcome = client.request(1, "{\"op\":\"login\",\"name\":\"kube\"}");
      assertThat(welcome.path("ev").asText()).as("login: %s", welcome).isEqualTo("welcome");
      JsonNode joined = client.request(2, "{\"op\":\"join\",\"room\":\"lobby\"}");
      assertThat(joined.path("ev").asText()).as("join: %s", joined).isEqualTo("joined");
      // walks onto the nearest coin; every move must be acknowledged (walkToNearestCoin checks)
      List<String> moves = Play.walkToNearestCoin(client, joined, "kube", 3);
      int id = 3 + moves.size();
      for (String dir : List.of("e", "w", "n", "s")) { // one more step, whichever way is open
        client.send("{\"op\":\"move\",\"dir\":\"" + dir + "\",\"id\":" + id + "}");
        if ("ack".equals(client.awaitSeenId(id++).path("ev").asText())) {
          break;
        }
      }
      assertThat(client.history())
          .anySatisfy(line -> assertThat(line.path("ev").asText()).isEqualTo("ack"));
    }
  }

  // ---- the manifests ----

  private static List<JsonNode> render(Path overlay) throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder("kubectl", "kustomize", overlay.toString())
            .redirectErrorStream(false)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException("kubectl kustomize " + overlay + " failed: " + err);
    }
    List<JsonNode> objects = new ArrayList<>();
    try (var docs = YAML.readerFor(JsonNode.class).readValues(out)) {
      while (docs.hasNext()) {
        JsonNode doc = (JsonNode) docs.next();
        if (doc != null && !doc.isNull() && !doc.isMissingNode()) {
          objects.add(doc);
        }
      }
    }
    return objects;
  }

  /** Every replica of every Deployment and StatefulSet, named as Kubernetes would name it. */
  static List<Pod> pods(List<JsonNode> objects) {
    List<Pod> pods = new ArrayList<>();
    for (JsonNode o : objects) {
      String kind = o.path("kind").asText();
      if (!kind.equals("Deployment") && !kind.equals("StatefulSet")) {
        continue;
      }
      String workload = o.path("metadata").path("name").asText();
      int replicas = o.path("spec").path("replicas").asInt(1);
      JsonNode containers = o.path("spec").path("template").path("spec").path("containers");
      assertThat(containers.size()).as("%s has one container", workload).isEqualTo(1);
      JsonNode container = containers.get(0);
      for (int r = 0; r < replicas; r++) {
        String name = kind.equals("StatefulSet") ? workload + "-" + r : workload + "-pod" + r;
        List<String> args = new ArrayList<>();
        container.path("args").forEach(a -> args.add(a.asText()));
        assertThat(args).as("%s's args", workload).hasSize(2).first().isEqualTo("node");
        Map<String, Integer> ports = new LinkedHashMap<>();
        container
            .path("ports")
            .forEach(p -> ports.put(p.path("name").asText(), p.path("containerPort").asInt()));
        Map<String, String> labels = new LinkedHashMap<>();
        o.path("spec")
            .path("template")
            .path("metadata")
            .path("labels")
            .properties()
            .forEach(e -> labels.put(e.getKey(), e.getValue().asText()));
        pods.add(
            new Pod(
                name,
                workload,
                labels,
                List.copyOf(args),
                environment(objects, container, name),
                ports));
      }
    }
    // registry pods first: what a StatefulSet's pods are for the others (they start all at once
    // anyway)
    pods.sort((a, b) -> Boolean.compare(a.role() != Role.REGISTRY, b.role() != Role.REGISTRY));
    return pods;
  }

  /**
   * The container's environment as the kubelet makes it: its envFrom ConfigMaps' data, then its
   * env, with the downward API's values for the pod — status.podIP is filled in when the pod gets
   * its address, so it is a placeholder here, replaced in {@link #withIp}.
   */
  private static Map<String, String> environment(
      List<JsonNode> objects, JsonNode container, String podName) {
    Map<String, String> env = new LinkedHashMap<>();
    for (JsonNode from : container.path("envFrom")) {
      String configMap = from.path("configMapRef").path("name").asText();
      JsonNode cm =
          objects.stream()
              .filter(
                  o ->
                      o.path("kind").asText().equals("ConfigMap")
                          && o.path("metadata").path("name").asText().equals(configMap))
              .findFirst()
              .orElseThrow(
                  () ->
                      new AssertionError(
                          "envFrom names ConfigMap " + configMap + ", which is not rendered"));
      cm.path("data").properties().forEach(e -> env.put(e.getKey(), e.getValue().asText()));
    }
    for (JsonNode e : container.path("env")) {
      String name = e.path("name").asText();
      if (e.has("value")) {
        env.put(name, e.path("value").asText());
        continue;
      }
      String field = e.path("valueFrom").path("fieldRef").path("fieldPath").asText();
      switch (field) {
        case "status.podIP" -> env.put(name, POD_IP);
        case "metadata.name" -> env.put(name, podName);
        default ->
            throw new AssertionError(
                "env "
                    + name
                    + " comes from "
                    + e.path("valueFrom")
                    + ": only the pod IP and the pod name are filled in here");
      }
    }
    return env;
  }

  private static final String POD_IP = "${status.podIP}";

  /** The environment with the pod's address where the downward API gives status.podIP. */
  private static Map<String, String> withIp(Map<String, String> env, String ip) {
    Map<String, String> resolved = new LinkedHashMap<>();
    env.forEach((k, v) -> resolved.put(k, v.equals(POD_IP) ? ip : v));
    return resolved;
  }

  // ---- the pods' surroundings ----

  /**
   * What cluster DNS answers for the rendered headless Services before any pod is ready: a headless
   * Service's name {@code NAME.NAMESPACE.svc.cluster.local} resolves to the addresses of the pods
   * it selects — all of them if it publishes not-ready addresses, none otherwise (pods are ready
   * only once they have joined, so before that such a Service would list nobody).
   */
  static Map<String, Set<String>> clusterDns(List<JsonNode> objects, List<Pod> pods) {
    Map<String, Set<String>> dns = new LinkedHashMap<>();
    for (JsonNode o : objects) {
      JsonNode spec = o.path("spec");
      if (!o.path("kind").asText().equals("Service")
          || !"None".equals(spec.path("clusterIP").asText())) {
        continue;
      }
      String fqdn =
          o.path("metadata").path("name").asText()
              + "."
              + o.path("metadata").path("namespace").asText("default")
              + ".svc.cluster.local";
      Set<String> addresses = new TreeSet<>();
      if (spec.path("publishNotReadyAddresses").asBoolean(false)) {
        for (int i = 0; i < pods.size(); i++) {
          Map<String, String> labels = pods.get(i).labels();
          boolean selected =
              spec.path("selector").properties().stream()
                  .allMatch(e -> e.getValue().asText().equals(labels.get(e.getKey())));
          if (selected) {
            addresses.add(Netns.address(i + 1));
          }
        }
      }
      dns.put(fqdn, addresses);
    }
    return dns;
  }

  /**
   * The pod's hosts file: localhost, the pod's own name and the machine's host name at its address
   * (as Kubernetes writes /etc/hosts), and every headless Service's name at the addresses cluster
   * DNS would give for it ({@link #clusterDns}).
   */
  private Path hostsFile(String pod, String ip, Map<String, Set<String>> dns) throws IOException {
    StringBuilder hosts = new StringBuilder("127.0.0.1 localhost\n");
    hosts
        .append(ip)
        .append(' ')
        .append(pod)
        .append(' ')
        .append(InetAddress.getLocalHost().getHostName())
        .append('\n');
    dns.forEach(
        (name, addresses) ->
            addresses.forEach(a -> hosts.append(a).append(' ').append(name).append('\n')));
    Path file = Files.createDirectories(dir.resolve("hosts")).resolve(pod);
    Files.writeString(file, hosts.toString());
    return file;
  }

  /** What InetAddress.getAllByName returns for {@code name} in a JVM given {@code hosts}. */
  private static Set<String> resolveAll(NodeProcess.Launcher launcher, Path hosts, String name)
      throws Exception {
    String testClasspath = System.getProperty("java.class.path");
    Process p =
        new ProcessBuilder(
                launcher.java(),
                "-Djdk.net.hosts.file=" + hosts,
                "-cp",
                testClasspath,
                ResolveAll.class.getName(),
                name)
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("ResolveAll: %s", out).isZero();
    return new TreeSet<>(out.lines().map(String::trim).filter(l -> !l.isEmpty()).toList());
  }

  private static String kubectlUnavailable() {
    try {
      Process p =
          new ProcessBuilder("kubectl", "version", "--client").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0
          ? null
          : "kubectl version --client failed";
    } catch (IOException | InterruptedException e) {
      return "kubectl is not installed: " + e.getMessage();
    }
  }

  private static String log(NodeProcess node) {
    try {
      return Files.readString(node.log());
    } catch (IOException e) {
      return "";
    }
  }
}
