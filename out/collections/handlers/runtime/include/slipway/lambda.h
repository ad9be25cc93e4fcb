// The Lambda Runtime API loop: fetch the next invocation, run the handler, post its response or error.
#pragma once
#include <chrono>
#include <functional>
#include <stdexcept>
#include <string>

namespace slipway::lambda {

struct Invocation {
  std::string request_id;
  std::string function_arn;
  std::string trace_id;        // X-Ray header, also exported as _X_AMZN_TRACE_ID
  std::string client_context;  // mobile SDK invocations only
  std::string cognito_identity;
  std::chrono::system_clock::time_point deadline;
  std::string payload;  // the event, JSON text

  std::chrono::milliseconds remaining() const {
    return std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::system_clock::now());
  }
};

// Throw this to fail an invocation with a chosen error type, which Step Functions can name in
// `retry`/`catch` (`errors: [CardNotFound]`). Other exceptions report their C++ type name.
class TaskError : public std::runtime_error {
 public:
  TaskError(std::string type, const std::string& message) : std::runtime_error(message), type_(std::move(type)) {}
  const std::string& type() const noexcept { return type_; }

 private:
  std::string type_;
};

// The error type reported for an exception: TaskError's type, "MalformedEvent" for slipway::PayloadError,
// otherwise the demangled C++ type ("std::runtime_error").
std::string error_type(const std::exception& e);

// Handles one invocation: returns the response body (JSON text) or throws.
using Handler = std::function<std::string(const Invocation&)>;

// Runs `init` once (a failure is posted to /init/error and ends the process), then serves invocations
// from AWS_LAMBDA_RUNTIME_API until the process is stopped. Returns the process exit code.
int run(const std::function<Handler()>& init);

// The handler of this executable, defined by each handler's generated glue (generated/glue.cpp): the
// runtime's main() (src/bootstrap.cpp, target slipway_bootstrap) runs it through run().
Handler make_handler();

}  // namespace slipway::lambda
