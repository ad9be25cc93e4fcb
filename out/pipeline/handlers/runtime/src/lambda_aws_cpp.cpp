// The Runtime API loop on the official aws-lambda-cpp (CMake option SLIPWAY_USE_AWS_LAMBDA_CPP).
#include <aws/lambda-runtime/runtime.h>

#include <cstdlib>

#include "slipway/lambda.h"
#include "slipway/log.h"

namespace slipway::lambda {

int run(const std::function<Handler()>& init) {
  Handler handler;
  try {
    handler = init();
  } catch (const std::exception& e) {
    // aws-lambda-cpp has no call for /init/error; exiting makes Lambda report Runtime.ExitError.
    Logger().error(std::string("initialization failed: ") + e.what());
    return 1;
  }
  aws::lambda_runtime::run_handler([&handler](const aws::lambda_runtime::invocation_request& req) {
    Invocation inv;
    inv.request_id = req.request_id;
    inv.function_arn = req.function_arn;
    inv.trace_id = req.xray_trace_id;
    inv.client_context = req.client_context;
    inv.cognito_identity = req.cognito_identity;
    inv.deadline = std::chrono::system_clock::now() + req.get_time_remaining();
    inv.payload = req.payload;
    try {
      return aws::lambda_runtime::invocation_response::success(handler(inv), "application/json");
    } catch (const std::exception& e) {
      std::string type = error_type(e);
      Logger(inv.request_id).error(type + ": " + e.what());
      return aws::lambda_runtime::invocation_response::failure(e.what(), type);
    }
  });
  return 0;
}

}  // namespace slipway::lambda
