// The Runtime API client on libcurl (the default; see lambda_aws_cpp.cpp for the aws-lambda-cpp option).
#include <curl/curl.h>

#include <cctype>
#include <map>

#include <cstdlib>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>

#include "slipway/lambda.h"
#include "slipway/log.h"

namespace slipway::lambda {

namespace {

struct HttpResult {
  long status = 0;
  std::string body;
  std::map<std::string, std::string> headers;  // lowercase names
  std::string error;                           // transport failure, "" when none
};

size_t on_body(char* data, size_t size, size_t n, void* user) {
  static_cast<HttpResult*>(user)->body.append(data, size * n);
  return size * n;
}

size_t on_header(char* data, size_t size, size_t n, void* user) {
  std::string line(data, size * n);
  auto colon = line.find(':');
  if (colon != std::string::npos) {
    std::string name = line.substr(0, colon);
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    std::string value = line.substr(colon + 1);
    auto b = value.find_first_not_of(" \t");
    auto e = value.find_last_not_of(" \t\r\n");
    static_cast<HttpResult*>(user)->headers[name] = b == std::string::npos ? "" : value.substr(b, e - b + 1);
  }
  return size * n;
}

class RuntimeClient {
 public:
  explicit RuntimeClient(const std::string& api) : base_("http://" + api + "/2018-06-01/runtime/") {}

  HttpResult get(const std::string& path) { return send(path, nullptr, {}); }
  HttpResult post(const std::string& path, const std::string& body, const std::string& error_type = "") {
    return send(path, &body, error_type);
  }

 private:
  HttpResult send(const std::string& path, const std::string* body, const std::string& error_type) {
    HttpResult result;
    std::unique_ptr<CURL, void (*)(CURL*)> curl(curl_easy_init(), curl_easy_cleanup);
    if (!curl) {
      result.error = "curl_easy_init failed";
      return result;
    }
    std::string url = base_ + path;
    curl_slist* list = curl_slist_append(nullptr, "Content-Type: application/json");
    if (!error_type.empty()) list = curl_slist_append(list, ("Lambda-Runtime-Function-Error-Type: " + error_type).c_str());
    std::unique_ptr<curl_slist, void (*)(curl_slist*)> headers(list, curl_slist_free_all);
    curl_easy_setopt(curl.get(), CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl.get(), CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl.get(), CURLOPT_NOPROXY, "*");  // the Runtime API is local; never go through a proxy
    curl_easy_setopt(curl.get(), CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(curl.get(), CURLOPT_WRITEDATA, &result);
    curl_easy_setopt(curl.get(), CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(curl.get(), CURLOPT_HEADERDATA, &result);
    if (body) {
      curl_easy_setopt(curl.get(), CURLOPT_POST, 1L);
      curl_easy_setopt(curl.get(), CURLOPT_POSTFIELDS, body->data());
      curl_easy_setopt(curl.get(), CURLOPT_POSTFIELDSIZE, static_cast<long>(body->size()));
      curl_easy_setopt(curl.get(), CURLOPT_HTTPHEADER, headers.get());
      curl_easy_setopt(curl.get(), CURLOPT_TIMEOUT_MS, 30000L);
    }
    // GET next is a long poll while the environment is frozen between invocations: no timeout.
    CURLcode rc = curl_easy_perform(curl.get());
    if (rc != CURLE_OK) result.error = curl_easy_strerror(rc);
    curl_easy_getinfo(curl.get(), CURLINFO_RESPONSE_CODE, &result.status);
    return result;
  }

  std::string base_;
};

std::string error_body(const std::string& type, const std::string& message) {
  nlohmann::json j = nlohmann::json::object();
  j["errorMessage"] = message;
  j["errorType"] = type;
  j["stackTrace"] = nlohmann::json::array();
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string header(const HttpResult& r, const char* name) {
  auto it = r.headers.find(name);
  return it == r.headers.end() ? std::string() : it->second;
}

}  // namespace

int run(const std::function<Handler()>& init) {
  const char* api = std::getenv("AWS_LAMBDA_RUNTIME_API");
  if (!api || !*api) {
    Logger().error("AWS_LAMBDA_RUNTIME_API is not set: this program runs inside AWS Lambda (or an emulator)");
    return 1;
  }
  curl_global_init(CURL_GLOBAL_DEFAULT);
  RuntimeClient client(api);
  Handler handler;
  try {
    handler = init();
  } catch (const std::exception& e) {
    Logger().error(std::string("initialization failed: ") + e.what());
    std::string type = "Runtime.InitError";
    client.post("init/error", error_body(type, e.what()), type);
    return 1;
  }

  int transport_failures = 0;
  for (;;) {
    HttpResult next = client.get("invocation/next");
    if (!next.error.empty() || next.status != 200) {
      // The Runtime API going away means the environment is shutting down; give up after a few tries.
      if (++transport_failures >= 3) {
        Logger().error("cannot reach the Runtime API: " + (next.error.empty() ? "HTTP " + std::to_string(next.status) : next.error));
        return 1;
      }
      continue;
    }
    transport_failures = 0;
    Invocation inv;
    inv.request_id = header(next, "lambda-runtime-aws-request-id");
    inv.function_arn = header(next, "lambda-runtime-invoked-function-arn");
    inv.trace_id = header(next, "lambda-runtime-trace-id");
    inv.client_context = header(next, "lambda-runtime-client-context");
    inv.cognito_identity = header(next, "lambda-runtime-cognito-identity");
    std::string deadline = header(next, "lambda-runtime-deadline-ms");
    inv.deadline = std::chrono::system_clock::time_point(
        std::chrono::milliseconds(deadline.empty() ? 0 : std::strtoll(deadline.c_str(), nullptr, 10)));
    inv.payload = std::move(next.body);
    if (inv.request_id.empty()) {
      Logger().error("the Runtime API sent an invocation without a request id");
      continue;
    }
    if (!inv.trace_id.empty()) setenv("_X_AMZN_TRACE_ID", inv.trace_id.c_str(), 1);
    else unsetenv("_X_AMZN_TRACE_ID");

    std::string base = "invocation/" + inv.request_id;
    HttpResult posted;
    try {
      std::string response = handler(inv);
      posted = client.post(base + "/response", response);
    } catch (const std::exception& e) {
      std::string type = error_type(e);
      Logger(inv.request_id).error(type + ": " + e.what());
      posted = client.post(base + "/error", error_body(type, e.what()), type);
    }
    if (!posted.error.empty() || posted.status >= 300) {
      Logger(inv.request_id).error("the Runtime API refused the result (HTTP " + std::to_string(posted.status) + ") " +
                                   posted.error + posted.body);
    }
  }
}

}  // namespace slipway::lambda
