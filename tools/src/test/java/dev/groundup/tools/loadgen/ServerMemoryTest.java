package dev.groundup.tools.loadgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ServerMemoryTest {

  private static final ServerMemory.Target TARGET = new ServerMemory.Target(1, "gateway-1");

  @Test
  void readsTheTotalOfAClassHistogram() {
    String histogram =
        """
        12345:
         num     #instances         #bytes  class name (module)
        -------------------------------------------------------
           1:          1001       50001616  [B (java.base@25.0.3)
           2:          9366         224784  java.lang.String (java.base@25.0.3)
         830:             1             16  sun.nio.fs.NativeBuffers$1 (java.base@25.0.3)
        Total         67943       53131232
        """;
    assertThat(ServerMemory.parseHistogramTotal(histogram, TARGET)).isEqualTo(53_131_232L);
    assertThatThrownBy(
            () -> ServerMemory.parseHistogramTotal("12345:\nAttachNotSupportedException", TARGET))
        .hasMessageContaining("no Total line");
  }

  @Test
  void readsVmRssInBytes() {
    String status =
        "Name:\tjava\nVmPeak:\t 4000000 kB\nVmRSS:\t  195812 kB\nRssAnon:\t  150000 kB\n";
    assertThat(ServerMemory.parseVmRss(status)).isEqualTo(195_812L * 1024);
    assertThatThrownBy(() -> ServerMemory.parseVmRss("Name:\tjava\n"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aMissingProcessIsReported() {
    ServerMemory memory = ServerMemory.withThisJdk();
    assertThatThrownBy(() -> memory.sample(new ServerMemory.Target(Integer.MAX_VALUE - 7, "ghost")))
        .hasMessageContaining("no process with pid");
  }
}
