package dev.groundup.tools.loadgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class SettingsTest {

  private static Settings parse(String... args) {
    LoadgenCommand command = new LoadgenCommand();
    new CommandLine(command).parseArgs(args);
    return command.settings();
  }

  @Test
  void defaults() {
    Settings s = parse("--rate", "100");
    assertThat(s.host()).isEqualTo("127.0.0.1");
    assertThat(s.port()).isEqualTo(7000);
    assertThat(s.mode()).isEqualTo(Mode.PING);
    assertThat(s.duration()).isEqualTo(Duration.ofSeconds(30));
    assertThat(s.warmup()).isEqualTo(Duration.ofSeconds(5));
    assertThat(s.loginConcurrency()).isEqualTo(200);
    assertThat(s.processes()).isEqualTo(1);
    assertThat(s.pipeline()).isEqualTo(1);
    assertThat(s.rooms()).isZero();
    assertThat(s.sourceAddresses()).isEmpty();
    assertThat(s.out()).isEqualTo(Path.of(".groundup", "loadgen"));
    assertThat(s.localRoles()).containsExactly("gateway");
    assertThat(s.prefix()).matches("[a-z][a-z0-9]{5}");
    assertThat(s.isChild()).isFalse();
    assertThat(s.spawnsChildren()).isFalse();
  }

  @Test
  void everyOption() {
    Settings s =
        parse(
            "--host",
            "10.1.2.3",
            "--port",
            "7100",
            "--connections",
            "3000",
            "--mode",
            "MOVE",
            "--rate",
            "1500.5",
            "--duration",
            "1m",
            "--warmup",
            "500ms",
            "--rooms",
            "50",
            "--prefix",
            "bench_1",
            "--processes",
            "2",
            "--source-addresses",
            "127.0.0.1-127.0.0.3",
            "--out",
            "/tmp/x",
            "--login-concurrency",
            "50",
            "--threads",
            "3",
            "--drain",
            "2s",
            "--setup-timeout",
            "30s");
    assertThat(s.host()).isEqualTo("10.1.2.3");
    assertThat(s.port()).isEqualTo(7100);
    assertThat(s.connections()).isEqualTo(3000);
    assertThat(s.mode()).isEqualTo(Mode.MOVE);
    assertThat(s.rate()).isEqualTo(1500.5);
    assertThat(s.duration()).isEqualTo(Duration.ofMinutes(1));
    assertThat(s.warmup()).isEqualTo(Duration.ofMillis(500));
    assertThat(s.rooms()).isEqualTo(50);
    assertThat(s.prefix()).isEqualTo("bench_1");
    assertThat(s.processes()).isEqualTo(2);
    assertThat(s.spawnsChildren()).isTrue();
    assertThat(s.sourceAddresses()).containsExactly("127.0.0.1", "127.0.0.2", "127.0.0.3");
    assertThat(s.out()).isEqualTo(Path.of("/tmp/x"));
    assertThat(s.loginConcurrency()).isEqualTo(50);
    assertThat(s.threads()).isEqualTo(3);
    assertThat(s.drain()).isEqualTo(Duration.ofSeconds(2));
    assertThat(s.setupTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(s.ratePerConnection()).isEqualTo(1500.5 / 3000);
  }

  @Test
  void idleOptions() {
    Settings s =
        parse(
            "--mode",
            "idle",
            "--server-pid",
            "12",
            "--server-pid",
            "34",
            "--local-json",
            ".groundup/local.json",
            "--local-roles",
            "gateway,shard",
            "--keepalive",
            "0");
    assertThat(s.serverPids()).containsExactly(12L, 34L);
    assertThat(s.localJson()).isEqualTo(Path.of(".groundup/local.json"));
    assertThat(s.localRoles()).containsExactly("gateway", "shard");
    assertThat(s.keepalive()).isZero();
  }

  @Test
  void processesAreAutomaticAboveFifteenThousandConnections() {
    assertThat(parse("--connections", "15000", "--mode", "idle").processes()).isEqualTo(1);
    assertThat(
            parse(
                    "--connections",
                    "15001",
                    "--mode",
                    "idle",
                    "--source-addresses",
                    "127.0.0.1-127.0.0.2")
                .processes())
        .isEqualTo(2);
    assertThat(
            parse(
                    "--connections",
                    "40000",
                    "--mode",
                    "idle",
                    "--source-addresses",
                    "127.0.0.1-127.0.0.2")
                .processes())
        .isEqualTo(3);
  }

  @Test
  void refusesWhatCannotWork() {
    assertThatThrownBy(() -> parse("--mode", "ping")).hasMessageContaining("needs --rate");
    assertThatThrownBy(() -> parse("--mode", "move", "--rate", "10"))
        .hasMessageContaining("needs --rooms");
    assertThatThrownBy(() -> parse("--connections", "0", "--mode", "idle"))
        .hasMessageContaining("--connections");
    assertThatThrownBy(() -> parse("--rate", "10", "--duration", "0s"))
        .hasMessageContaining("--duration");
    assertThatThrownBy(() -> parse("--rate", "10", "--prefix", "no spaces"))
        .hasMessageContaining("--prefix");
    assertThatThrownBy(
            () -> parse("--rate", "10", "--prefix", "a".repeat(30), "--connections", "1000"))
        .hasMessageContaining("too long");
    assertThatThrownBy(
            () ->
                parse(
                    "--rate",
                    "10",
                    "--connections",
                    "20000",
                    "--processes",
                    "1",
                    "--source-addresses",
                    "127.0.0.1-127.0.0.2"))
        .hasMessageContaining("at most 15000");
    assertThatThrownBy(() -> parse("--mode", "idle", "--connections", "30000"))
        .hasMessageContaining("--source-addresses");
    assertThatThrownBy(() -> parse("--rate", "10", "--connections", "2", "--processes", "3"))
        .hasMessageContaining("--processes");
    assertThatThrownBy(() -> parse("--rate", "10", "--connections", "2", "--rooms", "3"))
        .hasMessageContaining("--rooms");
    assertThatThrownBy(() -> parse("--mode", "jump"))
        .isInstanceOf(CommandLine.ParameterException.class)
        .hasMessageContaining("unknown mode");
    assertThatThrownBy(() -> parse("--rate", "10", "--duration", "soon"))
        .isInstanceOf(CommandLine.ParameterException.class);
    assertThatThrownBy(() -> parse("--mode", "idle", "--local-roles", "boss"))
        .hasMessageContaining("boss");
  }

  @Test
  void warnsAboutTheServersLimits() {
    assertThat(parse("--connections", "10", "--rate", "100").warnings()).isEmpty();
    assertThat(parse("--connections", "10", "--rate", "460").warnings())
        .anyMatch(w -> w.contains("GROUNDUP_RATE_PER_SECOND"));
    List<String> move =
        parse("--connections", "10", "--mode", "move", "--rooms", "1", "--rate", "300").warnings();
    assertThat(move).anyMatch(w -> w.contains("one move per player per tick") && w.contains("200"));
    assertThat(parse("--connections", "10", "--mode", "closed").warnings())
        .anyMatch(w -> w.contains("GROUNDUP_RATE_BURST"));
    assertThat(parse("--connections", "130", "--rooms", "2", "--rate", "10").warnings())
        .anyMatch(w -> w.contains("room_full"));
    assertThat(parse("--mode", "idle").warnings()).anyMatch(w -> w.contains("not measured"));
    assertThat(
            parse("--mode", "idle", "--server-pid", "1", "--keepalive", "0", "--duration", "3m")
                .warnings())
        .anyMatch(w -> w.contains("bye idle"));
  }

  @Test
  void childArgumentsReproduceTheSettings() {
    Settings parent =
        parse(
            "--connections",
            "40000",
            "--mode",
            "move",
            "--rooms",
            "700",
            "--rate",
            "2000",
            "--duration",
            "1500ms",
            "--source-addresses",
            "127.0.0.1-127.0.0.4",
            "--prefix",
            "abc");
    List<String> args = parent.childArgs(2);
    assertThat(args)
        .containsSubsequence("--child-index", "2")
        .containsSubsequence("--child-count", "3");
    Settings child = parse(args.toArray(String[]::new));
    assertThat(child.isChild()).isTrue();
    assertThat(child.childIndex()).isEqualTo(2);
    assertThat(child.spawnsChildren()).isFalse();
    assertThat(child).usingRecursiveComparison().ignoringFields("childIndex").isEqualTo(parent);
    Partition.Share share = child.share();
    assertThat(share.connections()).isEqualTo(13_333);
    assertThat(share.firstIndex()).isEqualTo(26_667);
  }

  @Test
  void durations() {
    assertThat(Durations.parse("30s")).isEqualTo(Duration.ofSeconds(30));
    assertThat(Durations.parse("30")).isEqualTo(Duration.ofSeconds(30));
    assertThat(Durations.parse("1.5s")).isEqualTo(Duration.ofMillis(1500));
    assertThat(Durations.parse("250ms")).isEqualTo(Duration.ofMillis(250));
    assertThat(Durations.parse("2m")).isEqualTo(Duration.ofMinutes(2));
    assertThat(Durations.parse("1h")).isEqualTo(Duration.ofHours(1));
    assertThat(Durations.parse(" 0 ")).isZero();
    assertThatThrownBy(() -> Durations.parse("-1s")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Durations.parse("5 days"))
        .isInstanceOf(IllegalArgumentException.class);
    for (String s : List.of("30s", "1500ms", "0s", "2.5ms", "3600s")) {
      assertThat(Durations.parse(Durations.format(Durations.parse(s))))
          .isEqualTo(Durations.parse(s));
    }
  }

  @Test
  void sourceAddresses() {
    assertThat(SourceAddresses.parse("127.0.0.1-127.0.0.8"))
        .hasSize(8)
        .startsWith("127.0.0.1")
        .endsWith("127.0.0.8");
    assertThat(SourceAddresses.parse("10.0.0.254-10.0.1.1"))
        .containsExactly("10.0.0.254", "10.0.0.255", "10.0.1.0", "10.0.1.1");
    assertThat(SourceAddresses.parse("10.0.0.5, 10.0.0.9,::1"))
        .containsExactly("10.0.0.5", "10.0.0.9", "::1");
    assertThatThrownBy(() -> SourceAddresses.parse("127.0.0.8-127.0.0.1"))
        .hasMessageContaining("backwards");
    assertThatThrownBy(() -> SourceAddresses.parse("127.0.0.300"))
        .hasMessageContaining("not an IPv4");
    assertThatThrownBy(() -> SourceAddresses.parse("localhost")).hasMessageContaining("not an IP");
    assertThatThrownBy(() -> SourceAddresses.parse("10.0.0.0-10.1.0.0"))
        .hasMessageContaining("more than");
  }

  @Test
  void ephemeralPortRange() {
    assertThat(EphemeralPorts.parse("32768\t60999\n")).isEqualTo(28_232);
    assertThat(EphemeralPorts.available()).isPositive();
  }

  @Test
  void fileLimit() {
    FileLimit.check(15_000, 20_000);
    assertThatThrownBy(() -> FileLimit.check(19_800, 20_000)).hasMessageContaining("ulimit -n");
  }
}
