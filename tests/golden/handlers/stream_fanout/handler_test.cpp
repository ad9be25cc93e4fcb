// Your tests of handler stream_fanout. slipway created this file once; it is yours to change.
// Each test feeds a sample payload generated from the spec through the glue into your handle() functions,
// with a RecordingTransport standing in for AWS.
#include <gtest/gtest.h>

#include "generated/handler.h"
#include "generated/samples.h"

namespace shipyard::stream_fanout {
namespace {

std::string run(std::string_view payload, slipway::RecordingTransport& transport) {
  const Environment env = Environment::for_tests();
  slipway::lambda::Invocation invocation;
  invocation.request_id = "test-request";
  invocation.deadline = std::chrono::system_clock::now() + std::chrono::seconds(30);
  invocation.payload = std::string(payload);
  return dispatch(invocation, env, transport);
}

TEST(Handler, HandleskStreamBatch) {
  slipway::RecordingTransport transport;
  EXPECT_NO_THROW(run(samples::kStreamBatch, transport));
}

}  // namespace
}  // namespace shipyard::stream_fanout
