package dev.groundup.k8s;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Checks the objects of one rendered overlay: every field is one the Kubernetes model knows, and
 * the objects agree with each other and with the code. {@link #problems} lists what is wrong, one
 * line each.
 */
final class ManifestCheck {

  /** The debugging bridge's conventional port (./groundup local's gateway-1 opens it there). */
  static final int BRIDGE_PORT = 7001;

  /**
   * The shard node's default drain time (ShardConfig) and its linger after the drain (ShardHost).
   */
  static final int DEFAULT_DRAIN_SECONDS = 30;

  static final int LINGER_SECONDS = 1;

  /** A pod template and the workload it belongs to. */
  record Workload(
      String kind, String name, int replicas, LabelSelector selector, PodTemplateSpec template) {
    String describe() {
      return kind + "/" + name;
    }
  }

  private final List<HasMetadata> objects;
  private final Set<String> allowedEnv;
  private final List<String> problems = new ArrayList<>();
  private final List<Workload> workloads = new ArrayList<>();
  private final Map<String, ConfigMap> configMaps = new LinkedHashMap<>();

  private ManifestCheck(List<HasMetadata> objects, Set<String> allowedEnv) {
    this.objects = objects;
    this.allowedEnv = allowedEnv;
  }

  /**
   * The problems of a rendered overlay's YAML: a field of the wrong type stops the parse, and is
   * one.
   */
  static List<String> problems(String yaml, Set<String> allowedEnv) {
    List<HasMetadata> objects;
    try {
      objects = Kustomize.parse(yaml);
    } catch (IllegalArgumentException e) {
      return List.of("does not parse with the Kubernetes model: " + e.getMessage());
    }
    return problems(objects, allowedEnv);
  }

  static List<String> problems(List<HasMetadata> objects, Set<String> allowedEnv) {
    ManifestCheck check = new ManifestCheck(objects, allowedEnv);
    check.run();
    return List.copyOf(check.problems);
  }

  /** The workloads (Deployments and StatefulSets) among {@code objects}. */
  static List<Workload> workloads(List<HasMetadata> objects) {
    List<Workload> found = new ArrayList<>();
    for (HasMetadata o : objects) {
      if (o instanceof Deployment d) {
        found.add(
            new Workload(
                "Deployment",
                name(d),
                Optional.ofNullable(d.getSpec().getReplicas()).orElse(1),
                d.getSpec().getSelector(),
                d.getSpec().getTemplate()));
      } else if (o instanceof StatefulSet s) {
        found.add(
            new Workload(
                "StatefulSet",
                name(s),
                Optional.ofNullable(s.getSpec().getReplicas()).orElse(1),
                s.getSpec().getSelector(),
                s.getSpec().getTemplate()));
      }
    }
    return found;
  }

  /** A container's environment: its envFrom ConfigMaps' entries, then its own env (which wins). */
  static Map<String, EnvVar> environment(Container container, List<HasMetadata> objects) {
    Map<String, EnvVar> env = new LinkedHashMap<>();
    for (EnvFromSource from : container.getEnvFrom()) {
      if (from.getConfigMapRef() != null) {
        objects.stream()
            .filter(o -> o instanceof ConfigMap && name(o).equals(from.getConfigMapRef().getName()))
            .map(ConfigMap.class::cast)
            .findFirst()
            .ifPresent(cm -> cm.getData().forEach((k, v) -> env.put(k, new EnvVar(k, v, null))));
      }
    }
    container.getEnv().forEach(e -> env.put(e.getName(), e));
    return env;
  }

  private void run() {
    for (HasMetadata o : objects) {
      if (o instanceof GenericKubernetesResource) {
        problems.add(
            o.getKind()
                + "/"
                + name(o)
                + ": apiVersion "
                + o.getApiVersion()
                + " kind "
                + o.getKind()
                + " is not a kind the Kubernetes model knows");
      }
      unknownFields(o.getKind() + "/" + name(o), o, new IdentityHashMap<>());
      if (o instanceof ConfigMap cm) {
        configMaps.put(name(cm), cm);
      }
    }
    workloads.addAll(workloads(objects));
    workloads.forEach(this::workload);
    for (HasMetadata o : objects) {
      switch (o) {
        case Service s -> service(s);
        case HorizontalPodAutoscaler h -> hpa(h);
        case PodDisruptionBudget p ->
            selects("PodDisruptionBudget/" + name(p), p.getSpec().getSelector());
        case NetworkPolicy n -> networkPolicy(n);
        default -> {}
      }
    }
    quorum();
  }

  // ---- unknown fields: every model object keeps what it does not know in additionalProperties
  // ----

  private void unknownFields(String path, Object value, IdentityHashMap<Object, Boolean> seen) {
    if (value == null || seen.put(value, Boolean.TRUE) != null) {
      return;
    }
    if (value instanceof Collection<?> c) {
      int i = 0;
      for (Object e : c) {
        unknownFields(path + "[" + i++ + "]", e, seen);
      }
      return;
    }
    if (value instanceof Map<?, ?> m) {
      m.forEach((k, v) -> unknownFields(path + "[" + k + "]", v, seen));
      return;
    }
    if (!value.getClass().getName().startsWith("io.fabric8.")) {
      return;
    }
    for (Method getter : value.getClass().getMethods()) {
      if (getter.getParameterCount() != 0
          || Modifier.isStatic(getter.getModifiers())
          || !getter.getName().startsWith("get")
          || getter.getDeclaringClass() == Object.class) {
        continue;
      }
      Object child;
      try {
        child = getter.invoke(value);
      } catch (IllegalAccessException | InvocationTargetException | RuntimeException e) {
        continue;
      }
      if (getter.getName().equals("getAdditionalProperties")) {
        if (child instanceof Map<?, ?> extra && !extra.isEmpty()) {
          extra.keySet().forEach(k -> problems.add(path + "." + k + ": unknown field"));
        }
        continue;
      }
      String field =
          Character.toLowerCase(getter.getName().charAt(3)) + getter.getName().substring(4);
      unknownFields(path + "." + field, child, seen);
    }
  }

  // ---- workloads: labels, images, env, probes, security, drain ----

  private void workload(Workload w) {
    String where = w.describe();
    Map<String, String> labels = w.template().getMetadata().getLabels();
    if (!matches(w.selector(), labels)) {
      problems.add(
          where
              + ": its selector "
              + w.selector().getMatchLabels()
              + " does not select its own pods "
              + labels);
    }
    if (w.template().getSpec().getContainers().isEmpty()) {
      problems.add(where + ": no containers");
    }
    if (w.kind().equals("StatefulSet")) {
      StatefulSet s =
          (StatefulSet)
              objects.stream()
                  .filter(o -> o instanceof StatefulSet && name(o).equals(w.name()))
                  .findFirst()
                  .orElseThrow();
      String serviceName = s.getSpec().getServiceName();
      if (objects.stream().noneMatch(o -> o instanceof Service && name(o).equals(serviceName))) {
        problems.add(where + ": serviceName " + serviceName + " is no Service here");
      }
    }
    podSecurity(where, w.template().getSpec().getSecurityContext());
    if (w.template().getSpec().getTopologySpreadConstraints().isEmpty()) {
      problems.add(where + ": no topologySpreadConstraints");
    }
    w.template().getSpec().getTopologySpreadConstraints().stream()
        .filter(t -> !matches(t.getLabelSelector(), labels))
        .forEach(
            t ->
                problems.add(
                    where
                        + ": the topology spread over "
                        + t.getTopologyKey()
                        + " counts pods "
                        + (t.getLabelSelector() == null
                            ? "{}"
                            : t.getLabelSelector().getMatchLabels())
                        + ", not its own"));
    for (Container c : w.template().getSpec().getContainers()) {
      String at = where + " container " + c.getName();
      image(at, c.getImage());
      env(at, c);
      probe(at, "readinessProbe", c.getReadinessProbe(), c, true);
      probe(at, "livenessProbe", c.getLivenessProbe(), c, true);
      probe(at, "startupProbe", c.getStartupProbe(), c, false);
      containerSecurity(at, c.getSecurityContext());
      resources(at, c);
      drain(at, w, c);
      discovery(at, w, c);
      for (ContainerPort p : c.getPorts()) {
        if (p.getContainerPort() == bridgePort(c) || "bridge".equals(p.getName())) {
          problems.add(at + ": declares the debugging bridge's port " + p.getContainerPort());
        }
      }
    }
  }

  private void image(String at, String image) {
    if (image == null || image.isBlank()) {
      problems.add(at + ": no image");
      return;
    }
    if (image.contains("@sha256:")) {
      return;
    }
    String last = image.substring(image.lastIndexOf('/') + 1);
    int colon = last.indexOf(':');
    if (colon < 0) {
      problems.add(at + ": image " + image + " has no tag");
    } else if (last.substring(colon + 1).equals("latest")) {
      problems.add(at + ": image " + image + " is tagged latest");
    }
  }

  private void env(String at, Container c) {
    for (EnvFromSource from : c.getEnvFrom()) {
      if (from.getConfigMapRef() == null) {
        problems.add(at + ": envFrom takes only ConfigMaps here");
        continue;
      }
      ConfigMap cm = configMaps.get(from.getConfigMapRef().getName());
      if (cm == null) {
        problems.add(
            at
                + ": envFrom names ConfigMap "
                + from.getConfigMapRef().getName()
                + ", which is not here");
        continue;
      }
      if (from.getPrefix() != null && !from.getPrefix().isEmpty()) {
        problems.add(at + ": envFrom with a prefix");
      }
      cm.getData().keySet().stream()
          .filter(k -> !allowedEnv.contains(k))
          .forEach(
              k ->
                  problems.add(
                      at + ": ConfigMap " + name(cm) + " sets " + k + ", which no node reads"));
    }
    for (EnvVar e : c.getEnv()) {
      if (!allowedEnv.contains(e.getName())) {
        problems.add(at + ": env " + e.getName() + " is not a variable any node reads");
      }
    }
  }

  private void probe(String at, String which, Probe probe, Container c, boolean required) {
    if (probe == null) {
      if (required) {
        problems.add(at + ": no " + which);
      }
      return;
    }
    IntOrString port = null;
    if (probe.getHttpGet() != null) {
      port = probe.getHttpGet().getPort();
    } else if (probe.getTcpSocket() != null) {
      port = probe.getTcpSocket().getPort();
    } else if (probe.getGrpc() != null) {
      port = new IntOrString(probe.getGrpc().getPort());
    }
    if (port == null) {
      problems.add(at + ": " + which + " has no port");
    } else if (!hasPort(c, port)) {
      problems.add(at + ": " + which + " port " + show(port) + " is not a port of the container");
    }
  }

  private void podSecurity(String at, PodSecurityContext sc) {
    if (sc == null || !Boolean.TRUE.equals(sc.getRunAsNonRoot())) {
      problems.add(at + ": pod securityContext.runAsNonRoot is not true");
    }
    if (sc != null && (sc.getRunAsUser() == null || sc.getRunAsUser() == 0)) {
      problems.add(at + ": pod securityContext.runAsUser is not a non-root uid");
    }
    if (sc == null
        || sc.getSeccompProfile() == null
        || !"RuntimeDefault".equals(sc.getSeccompProfile().getType())) {
      problems.add(at + ": pod seccompProfile is not RuntimeDefault");
    }
  }

  private void containerSecurity(String at, SecurityContext sc) {
    if (sc == null) {
      problems.add(at + ": no securityContext");
      return;
    }
    if (!Boolean.FALSE.equals(sc.getAllowPrivilegeEscalation())) {
      problems.add(at + ": allowPrivilegeEscalation is not false");
    }
    if (!Boolean.TRUE.equals(sc.getReadOnlyRootFilesystem())) {
      problems.add(at + ": readOnlyRootFilesystem is not true");
    }
    if (sc.getCapabilities() == null || !sc.getCapabilities().getDrop().contains("ALL")) {
      problems.add(at + ": capabilities do not drop ALL");
    }
  }

  /**
   * CPU and memory requests (the scheduler and the HPA's utilisation need them) and a memory limit.
   */
  private void resources(String at, Container c) {
    var r = c.getResources();
    if (r == null
        || r.getRequests() == null
        || !r.getRequests().containsKey("cpu")
        || !r.getRequests().containsKey("memory")) {
      problems.add(at + ": no cpu and memory requests");
    }
    if (r == null || r.getLimits() == null || !r.getLimits().containsKey("memory")) {
      problems.add(at + ": no memory limit");
    }
  }

  /**
   * A shard node drains after the preStop sleep: the grace period must cover sleep + drain +
   * linger.
   */
  private void drain(String at, Workload w, Container c) {
    if (c.getArgs().size() < 2 || !c.getArgs().get(1).equals("shard")) {
      return;
    }
    EnvVar drain = environment(c, objects).get("GROUNDUP_DRAIN_TIMEOUT_SECONDS");
    int drainSeconds =
        drain == null || drain.getValue() == null
            ? DEFAULT_DRAIN_SECONDS
            : Integer.parseInt(drain.getValue().trim());
    int sleep =
        c.getLifecycle() == null
                || c.getLifecycle().getPreStop() == null
                || c.getLifecycle().getPreStop().getSleep() == null
            ? 0
            : c.getLifecycle().getPreStop().getSleep().getSeconds().intValue();
    long grace =
        Optional.ofNullable(w.template().getSpec().getTerminationGracePeriodSeconds()).orElse(30L);
    if (grace < sleep + drainSeconds + LINGER_SECONDS + 5) {
      problems.add(
          at
              + ": terminationGracePeriodSeconds "
              + grace
              + " does not cover the preStop sleep ("
              + sleep
              + " s) + the drain ("
              + drainSeconds
              + " s) + the linger ("
              + LINGER_SECONDS
              + " s) + 5 s to leave");
    }
  }

  /**
   * Kubernetes discovery resolves GROUNDUP_K8S_SERVICE_DNS: it must be the FQDN of a headless
   * Service here that lists not-ready pods and selects this workload's pods.
   */
  private void discovery(String at, Workload w, Container c) {
    Map<String, EnvVar> env = environment(c, objects);
    EnvVar mode = env.get("GROUNDUP_DISCOVERY");
    if (mode == null || !"kubernetes".equals(mode.getValue())) {
      problems.add(at + ": GROUNDUP_DISCOVERY is not kubernetes");
      return;
    }
    EnvVar dns = env.get("GROUNDUP_K8S_SERVICE_DNS");
    if (dns == null || dns.getValue() == null) {
      problems.add(at + ": GROUNDUP_K8S_SERVICE_DNS is not set");
      return;
    }
    String[] parts = dns.getValue().split("\\.");
    Optional<Service> service =
        objects.stream()
            .filter(o -> o instanceof Service && name(o).equals(parts[0]))
            .map(Service.class::cast)
            .findFirst();
    if (service.isEmpty()) {
      problems.add(at + ": GROUNDUP_K8S_SERVICE_DNS " + dns.getValue() + " names no Service here");
      return;
    }
    Service s = service.get();
    String namespace = s.getMetadata().getNamespace();
    String expected = name(s) + "." + namespace + ".svc.cluster.local";
    if (namespace != null && !dns.getValue().equals(expected)) {
      problems.add(
          at
              + ": GROUNDUP_K8S_SERVICE_DNS is "
              + dns.getValue()
              + ", not the Service's FQDN "
              + expected);
    }
    if (!"None".equals(s.getSpec().getClusterIP())) {
      problems.add(at + ": Service/" + name(s) + " is not headless (clusterIP: None)");
    }
    if (!Boolean.TRUE.equals(s.getSpec().getPublishNotReadyAddresses())) {
      problems.add(
          at
              + ": Service/"
              + name(s)
              + " does not publish not-ready addresses: pods could not find each other before they are ready");
    }
    Map<String, String> selector = s.getSpec().getSelector();
    if (selector == null
        || !w.template().getMetadata().getLabels().entrySet().containsAll(selector.entrySet())) {
      problems.add(at + ": Service/" + name(s) + " does not select this workload's pods");
    }
  }

  // ---- services, autoscaler, budgets, network policies ----

  private void service(Service s) {
    String where = "Service/" + name(s);
    Map<String, String> selector = s.getSpec().getSelector();
    if (selector == null || selector.isEmpty()) {
      problems.add(where + ": no selector");
      return;
    }
    List<Workload> selected =
        workloads.stream()
            .filter(
                w ->
                    w.template()
                        .getMetadata()
                        .getLabels()
                        .entrySet()
                        .containsAll(selector.entrySet()))
            .toList();
    if (selected.isEmpty()) {
      problems.add(where + ": its selector " + selector + " matches no pod template");
      return;
    }
    for (ServicePort p : s.getSpec().getPorts()) {
      IntOrString target =
          p.getTargetPort() == null ? new IntOrString(p.getPort()) : p.getTargetPort();
      for (Workload w : selected) {
        if (w.template().getSpec().getContainers().stream().noneMatch(c -> hasPort(c, target))) {
          problems.add(
              where + ": targetPort " + show(target) + " is not a port of " + w.describe());
        }
      }
      if (p.getPort() == BRIDGE_PORT || Objects.equals(show(target), "bridge")) {
        problems.add(where + ": exposes the debugging bridge's port");
      }
    }
  }

  private void hpa(HorizontalPodAutoscaler h) {
    var ref = h.getSpec().getScaleTargetRef();
    boolean found =
        objects.stream()
            .anyMatch(
                o ->
                    o.getKind().equals(ref.getKind())
                        && name(o).equals(ref.getName())
                        && o.getApiVersion().equals(ref.getApiVersion()));
    if (!found || !ref.getKind().equals("Deployment")) {
      problems.add(
          "HorizontalPodAutoscaler/"
              + name(h)
              + ": targets "
              + ref.getApiVersion()
              + " "
              + ref.getKind()
              + "/"
              + ref.getName()
              + ", which is no Deployment here");
    }
  }

  private void selects(String where, LabelSelector selector) {
    if (workloads.stream()
        .noneMatch(w -> matches(selector, w.template().getMetadata().getLabels()))) {
      problems.add(
          where + ": its selector " + selector.getMatchLabels() + " matches no pod template");
    }
  }

  private void networkPolicy(NetworkPolicy n) {
    String where = "NetworkPolicy/" + name(n);
    LabelSelector podSelector = n.getSpec().getPodSelector();
    List<Workload> applies =
        workloads.stream()
            .filter(w -> matches(podSelector, w.template().getMetadata().getLabels()))
            .toList();
    if (applies.isEmpty()) {
      problems.add(where + ": its podSelector matches no pod template");
    }
    for (NetworkPolicyIngressRule rule : n.getSpec().getIngress()) {
      if (rule.getPorts().isEmpty()) {
        problems.add(
            where + ": an ingress rule without ports opens every port, the debugging bridge's too");
      }
      for (NetworkPolicyPort p : rule.getPorts()) {
        if (p.getPort() == null) {
          problems.add(
              where
                  + ": an ingress port without a number opens every port, the debugging bridge's too");
          continue;
        }
        for (Workload w : applies) {
          for (Container c : w.template().getSpec().getContainers()) {
            int bridge = bridgePort(c);
            Integer number =
                p.getPort().getIntVal() != null
                    ? p.getPort().getIntVal()
                    : c.getPorts().stream()
                        .filter(cp -> p.getPort().getStrVal().equals(cp.getName()))
                        .map(ContainerPort::getContainerPort)
                        .findFirst()
                        .orElse(null);
            Integer end = p.getEndPort() == null ? number : p.getEndPort();
            if (number != null && number <= bridge && bridge <= end) {
              problems.add(
                  where + ": opens port " + bridge + ", the debugging bridge of " + w.describe());
            }
          }
        }
      }
    }
  }

  /** GROUNDUP_STORE_QUORUM must be a majority of the registry nodes. */
  private void quorum() {
    for (Workload w : workloads) {
      for (Container c : w.template().getSpec().getContainers()) {
        if (c.getArgs().size() < 2 || !c.getArgs().get(1).equals("registry")) {
          continue;
        }
        EnvVar q = environment(c, objects).get("GROUNDUP_STORE_QUORUM");
        int quorum = q == null || q.getValue() == null ? 1 : Integer.parseInt(q.getValue().trim());
        int majority = w.replicas() / 2 + 1;
        if (quorum != majority) {
          problems.add(
              w.describe()
                  + ": GROUNDUP_STORE_QUORUM is "
                  + quorum
                  + " but a majority of its "
                  + w.replicas()
                  + " replicas is "
                  + majority);
        }
      }
    }
  }

  // ---- helpers ----

  /**
   * The port this container's gateway would open the bridge on: GROUNDUP_BRIDGE_PORT, or the
   * conventional one.
   */
  private int bridgePort(Container c) {
    EnvVar e = environment(c, objects).get("GROUNDUP_BRIDGE_PORT");
    if (e != null
        && e.getValue() != null
        && !e.getValue().isBlank()
        && !e.getValue().trim().equals("0")) {
      return Integer.parseInt(e.getValue().trim());
    }
    return BRIDGE_PORT;
  }

  private static boolean hasPort(Container c, IntOrString port) {
    return port.getIntVal() != null
        ? c.getPorts().stream().anyMatch(p -> port.getIntVal().equals(p.getContainerPort()))
        : c.getPorts().stream().anyMatch(p -> port.getStrVal().equals(p.getName()));
  }

  private static String show(IntOrString port) {
    return port.getIntVal() != null ? port.getIntVal().toString() : port.getStrVal();
  }

  static boolean matches(LabelSelector selector, Map<String, String> labels) {
    if (selector == null || labels == null) {
      return false;
    }
    if (selector.getMatchExpressions() != null && !selector.getMatchExpressions().isEmpty()) {
      return false; // not used here: a selector we cannot evaluate matches nothing, so it is
      // reported
    }
    Map<String, String> wanted =
        selector.getMatchLabels() == null ? Map.of() : selector.getMatchLabels();
    return labels.entrySet().containsAll(wanted.entrySet());
  }

  static String name(HasMetadata o) {
    return o.getMetadata() == null ? "?" : o.getMetadata().getName();
  }
}
