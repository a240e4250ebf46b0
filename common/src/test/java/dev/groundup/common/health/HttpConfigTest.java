package dev.groundup.common.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.groundup.common.config.ConfigException;
import dev.groundup.common.config.Env;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HttpConfigTest {

  @Test
  void offByDefaultOnLoopback() {
    HttpConfig c = HttpConfig.fromEnv(new Env(Map.of()));
    assertThat(c.enabled()).isFalse();
    assertThat(c.host()).isEqualTo("127.0.0.1");
  }

  @Test
  void aPortTurnsItOn() {
    HttpConfig c =
        HttpConfig.fromEnv(
            new Env(Map.of("GROUNDUP_HTTP_PORT", "8080", "GROUNDUP_HTTP_HOST", "0.0.0.0")));
    assertThat(c.enabled()).isTrue();
    assertThat(c).isEqualTo(new HttpConfig("0.0.0.0", 8080));
  }

  @Test
  void aBadPortIsAConfigurationError() {
    assertThatThrownBy(() -> HttpConfig.fromEnv(new Env(Map.of("GROUNDUP_HTTP_PORT", "70000"))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("GROUNDUP_HTTP_PORT");
    assertThatThrownBy(() -> HttpConfig.fromEnv(new Env(Map.of("GROUNDUP_HTTP_PORT", "x"))))
        .isInstanceOf(ConfigException.class);
  }
}
