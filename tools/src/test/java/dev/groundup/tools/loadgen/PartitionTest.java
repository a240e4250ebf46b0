package dev.groundup.tools.loadgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PartitionTest {

  @ParameterizedTest
  @CsvSource({"1,1", "15000,1", "15001,2", "30000,2", "30001,3", "100000,7"})
  void automaticProcessCount(int connections, int processes) {
    assertThat(Partition.autoProcesses(connections)).isEqualTo(processes);
  }

  @ParameterizedTest
  @CsvSource({"10,3,1000,200", "40000,3,4000,200", "7,7,7,5", "20,1,400,200", "5,2,10,1"})
  void sharesCoverEveryConnectionOnceWithTheSameRatePerConnection(
      int connections, int processes, double rate, int logins) {
    long next = 0;
    double rateSum = 0;
    int loginSum = 0;
    for (int p = 0; p < processes; p++) {
      Partition.Share s = Partition.share(connections, processes, p, rate, logins);
      assertThat(s.firstIndex()).as("indexes are contiguous and disjoint").isEqualTo(next);
      assertThat(s.connections()).isBetween(connections / processes, connections / processes + 1);
      assertThat(s.rate() / s.connections())
          .isCloseTo(rate / connections, org.assertj.core.data.Offset.offset(1e-9));
      assertThat(s.loginConcurrency()).isPositive();
      next += s.connections();
      rateSum += s.rate();
      loginSum += s.loginConcurrency();
    }
    assertThat(next).isEqualTo(connections);
    assertThat(rateSum).isCloseTo(rate, org.assertj.core.data.Offset.offset(1e-6));
    assertThat(loginSum).isEqualTo(Math.max(logins, processes));
  }

  @Test
  void refusesImpossibleShares() {
    assertThatThrownBy(() -> Partition.share(2, 3, 0, 1, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Partition.share(10, 2, 2, 1, 1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
