package dev.groundup.common.protocol;

import dev.groundup.common.codec.WireMessage;
import io.vertx.core.Future;
import io.vertx.core.eventbus.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers a request from the outcome of a future: the reply on success, {@code message.fail} with
 * the protocol's error code on a {@link GameException}, and {@code unavailable} (logged) on
 * anything else.
 */
public final class Replies {

  private static final Logger log = LoggerFactory.getLogger(Replies.class);

  private Replies() {}

  public static void answer(Message<?> message, Future<? extends WireMessage> outcome) {
    outcome.onComplete(reply -> message.reply(reply), failure -> fail(message, failure));
  }

  public static void fail(Message<?> message, Throwable failure) {
    if (failure instanceof GameException g) {
      // a game's own code travels in front of the message: "<code> <message>"
      message.fail(
          g.code().busCode(),
          g.code() == ErrorCode.REFUSED ? g.wire() + " " + g.getMessage() : g.getMessage());
    } else {
      log.warn("Request to {} failed", message.address(), failure);
      message.fail(ErrorCode.UNAVAILABLE.busCode(), "internal error");
    }
  }
}
