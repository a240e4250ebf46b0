package dev.groundup.common.supervision;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Context;
import io.vertx.core.Deployable;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What the supervisor's crash detection rests on, checked against Vert.x itself: an exception
 * handler set on the context a {@link Deployable} is given in {@code deploy} sees what escapes the
 * deployment's handlers (which Vert.x 5 runs on duplicates of that context), and does not see
 * exceptions that Vert.x turns into failed futures.
 */
class ContextExceptionHandlerTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final String TRIGGER = "test.supervision.thrower";
  private static final String ECHO = "test.supervision.echo";
  private static final String NOWHERE = "test.supervision.nowhere";

  /** Reported through the context exception handler: where each one is thrown. */
  private static final List<String> REPORTED =
      List.of(
          "consumer",
          "timer",
          "periodic",
          "runOnContext",
          "timerCallback",
          "replyCallback",
          "onFailureCallback");

  /** Turned into failed futures, never reported. */
  private static final List<String> SWALLOWED = List.of("compose", "executeBlocking");

  private Vertx vertx;

  /** Trigger name → deployment id of the context current in the exception handler. */
  private final Map<String, String> reported = new ConcurrentHashMap<>();

  private final Map<String, String> failedFutures = new ConcurrentHashMap<>();

  @BeforeEach
  void setUp() {
    vertx = Vertx.vertx();
    vertx.eventBus().<String>consumer(ECHO, m -> m.reply(m.body())).completion().await();
  }

  @AfterEach
  void tearDown() {
    vertx.close().await();
  }

  @ParameterizedTest
  @EnumSource(
      value = ThreadingModel.class,
      names = {"EVENT_LOOP", "WORKER", "VIRTUAL_THREAD"})
  void exceptionsEscapingHandlersReachTheDeploymentContextHandler(ThreadingModel model) {
    String deploymentId =
        vertx
            .deployVerticle(new Thrower(), new DeploymentOptions().setThreadingModel(model))
            .await();

    REPORTED.forEach(trigger -> vertx.eventBus().send(TRIGGER, trigger));
    SWALLOWED.forEach(trigger -> vertx.eventBus().send(TRIGGER, trigger));

    Await.until(
        "every escaping exception reported",
        TIMEOUT,
        () -> reported.keySet().containsAll(REPORTED));
    Await.until(
        "swallowed exceptions seen as failed futures",
        TIMEOUT,
        () -> failedFutures.keySet().containsAll(SWALLOWED));
    assertThat(reported).containsOnlyKeys(REPORTED);
    assertThat(reported.values())
        .as("Vertx.currentContext() in the handler")
        .containsOnly(deploymentId);
  }

  /** Sets the handler exactly as {@code Incarnation} does, then throws where the message says. */
  private final class Thrower implements Deployable {

    private Context context;

    @Override
    public Future<?> deploy(Context context) {
      this.context = context;
      context.exceptionHandler(
          t -> reported.put(t.getMessage(), Vertx.currentContext().deploymentID()));
      return vertx.eventBus().<String>consumer(TRIGGER, this::onTrigger).completion();
    }

    private void onTrigger(Message<String> m) {
      String where = m.body();
      switch (where) {
        case "consumer" -> throw new IllegalStateException(where);
        case "timer" -> vertx.setTimer(1, t -> fail(where));
        case "periodic" ->
            vertx.setPeriodic(
                1,
                t -> {
                  vertx.cancelTimer(t);
                  fail(where);
                });
        case "runOnContext" -> context.runOnContext(v -> fail(where));
        case "timerCallback" -> vertx.timer(1).onSuccess(v -> fail(where));
        case "replyCallback" -> vertx.eventBus().request(ECHO, where).onSuccess(r -> fail(where));
        case "onFailureCallback" ->
            vertx.eventBus().request(NOWHERE, where).onFailure(e -> fail(where));
        case "compose" -> vertx.timer(1).compose(v -> fail(where)).onFailure(this::swallowed);
        case "executeBlocking" ->
            vertx.executeBlocking(() -> fail(where)).onFailure(this::swallowed);
        default -> throw new IllegalArgumentException(where);
      }
    }

    private void swallowed(Throwable t) {
      failedFutures.put(t.getMessage(), "");
    }

    private static <T> T fail(String where) {
      throw new IllegalStateException(where);
    }
  }
}
