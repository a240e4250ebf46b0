package dev.groundup.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.groundup.common.config.ConfigException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GatewayConfigTest {

  @Test
  void connectionCapsAndLoginTimeoutHaveTheirDefaults() {
    GatewayConfig c = GatewayConfig.fromEnv(Map.of());
    assertThat(c.caps()).isEqualTo(new GatewayConfig.Caps(18_000, 50));
    assertThat(c.limits().loginTimeout()).isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void connectionCapsAndLoginTimeoutComeFromTheEnvironment() {
    GatewayConfig c =
        GatewayConfig.fromEnv(
            Map.of(
                "GROUNDUP_MAX_CONNECTIONS",
                "500",
                "GROUNDUP_MAX_CONNECTIONS_PER_SOURCE",
                "7",
                "GROUNDUP_LOGIN_TIMEOUT_SECONDS",
                "3"));
    assertThat(c.caps()).isEqualTo(new GatewayConfig.Caps(500, 7));
    assertThat(c.limits().loginTimeout()).isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void capsBelowOneAreRefused() {
    assertThatThrownBy(() -> GatewayConfig.fromEnv(Map.of("GROUNDUP_MAX_CONNECTIONS", "0")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("GROUNDUP_MAX_CONNECTIONS");
    assertThatThrownBy(
            () -> GatewayConfig.fromEnv(Map.of("GROUNDUP_MAX_CONNECTIONS_PER_SOURCE", "-1")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("GROUNDUP_MAX_CONNECTIONS_PER_SOURCE");
    assertThatThrownBy(() -> GatewayConfig.fromEnv(Map.of("GROUNDUP_LOGIN_TIMEOUT_SECONDS", "0")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("GROUNDUP_LOGIN_TIMEOUT_SECONDS");
  }
}
