package org.sockstap.core.internal.socks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sockstap.core.internal.route.UpstreamFailure;

/** Each way a connect can fail reaches the client as the reply code it can act on. */
class ReplyTest {

  @ParameterizedTest
  @CsvSource({
      "GENERAL_FAILURE, 1", "NOT_ALLOWED, 2", "NETWORK_UNREACHABLE, 3", "HOST_UNREACHABLE, 4",
      "CONNECTION_REFUSED, 5", "TTL_EXPIRED, 6"})
  void upstreamFailuresMapToTheirSocks5Codes(UpstreamFailure.Kind kind, int code) {
    Reply reply = Reply.forFailure(new UpstreamFailure(kind, "test"));
    assertEquals(code, reply.code(5));
    assertEquals(0x5b, reply.code(4), "SOCKS4 has one failure code");
  }

  @ParameterizedTest
  @CsvSource({"SUCCEEDED, 0, 90", "COMMAND_NOT_SUPPORTED, 7, 91",
      "ADDRESS_TYPE_NOT_SUPPORTED, 8, 91"})
  void theOtherRepliesToo(Reply reply, int socks5, int socks4) {
    assertEquals(socks5, reply.code(5));
    assertEquals(socks4, reply.code(4));
  }
}
