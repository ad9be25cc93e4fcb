// Signature Version 4 and the libcurl transport.
#include "slipway/aws.h"

#include <curl/curl.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdlib>
#include <ctime>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <thread>

#include "slipway/timestamp.h"

namespace slipway::aws {

namespace {

std::string hex(const unsigned char* data, std::size_t n) {
  static const char* kHex = "0123456789abcdef";
  std::string out;
  out.reserve(n * 2);
  for (std::size_t i = 0; i < n; ++i) {
    out += kHex[data[i] >> 4];
    out += kHex[data[i] & 15];
  }
  return out;
}

std::string hmac(const std::string& key, const std::string& data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(data.data()),
       data.size(), out, &len);
  return std::string(reinterpret_cast<char*>(out), len);
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

std::string trim(const std::string& s) {
  auto b = s.find_first_not_of(" \t");
  if (b == std::string::npos) return "";
  auto e = s.find_last_not_of(" \t");
  return s.substr(b, e - b + 1);
}

// RFC 3986 encoding of everything but unreserved characters (and '/' when asked).
std::string uri_encode(const std::string& s, bool keep_slash) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~' || (keep_slash && c == '/')) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

std::string env(const char* name) {
  const char* v = std::getenv(name);
  return v ? std::string(v) : std::string();
}

std::string amz_date_now() {
  std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[20];
  std::strftime(buf, sizeof buf, "%Y%m%dT%H%M%SZ", &tm);
  return buf;
}

size_t collect(char* data, size_t size, size_t n, void* user) {
  static_cast<std::string*>(user)->append(data, size * n);
  return size * n;
}

}  // namespace

std::string sha256_hex(const std::string& data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(data.data(), data.size(), out, &len, EVP_sha256(), nullptr);
  return hex(out, len);
}

Credentials credentials_from_environment() {
  Credentials c{env("AWS_ACCESS_KEY_ID"), env("AWS_SECRET_ACCESS_KEY"), env("AWS_SESSION_TOKEN")};
  if (c.access_key_id.empty()) throw std::runtime_error("environment variable AWS_ACCESS_KEY_ID is not set");
  if (c.secret_access_key.empty()) throw std::runtime_error("environment variable AWS_SECRET_ACCESS_KEY is not set");
  return c;
}

std::string region_from_environment() {
  std::string r = env("AWS_REGION");
  if (r.empty()) r = env("AWS_DEFAULT_REGION");
  if (r.empty()) throw std::runtime_error("environment variable AWS_REGION is not set");
  return r;
}

void sign_v4(SignedRequest& request, const Credentials& credentials, const std::string& region,
             const std::string& service, const std::string& amz_date) {
  std::string payload_hash = sha256_hex(request.body);
  std::map<std::string, std::string> headers;
  for (const auto& [k, v] : request.headers) headers[lower(k)] = trim(v);
  headers["x-amz-date"] = amz_date;
  if (!credentials.session_token.empty()) headers["x-amz-security-token"] = credentials.session_token;

  std::string canonical_uri;
  std::string segment;
  for (char c : request.path + "/") {
    if (c != '/') {
      segment += c;
      continue;
    }
    if (!canonical_uri.empty() || !segment.empty()) canonical_uri += "/" + uri_encode(uri_encode(segment, false), false);
    segment.clear();
  }
  if (canonical_uri.empty() || request.path.back() == '/') canonical_uri += "/";

  std::string canonical_headers, signed_headers;
  for (const auto& [k, v] : headers) {
    canonical_headers += k + ":" + v + "\n";
    signed_headers += (signed_headers.empty() ? "" : ";") + k;
  }
  std::string canonical_request = request.method + "\n" + canonical_uri + "\n" + request.query + "\n" +
                                  canonical_headers + "\n" + signed_headers + "\n" + payload_hash;
  std::string date = amz_date.substr(0, 8);
  std::string scope = date + "/" + region + "/" + service + "/aws4_request";
  std::string to_sign = "AWS4-HMAC-SHA256\n" + amz_date + "\n" + scope + "\n" + sha256_hex(canonical_request);
  std::string key = hmac(hmac(hmac(hmac("AWS4" + credentials.secret_access_key, date), region), service), "aws4_request");
  std::string sig = hmac(key, to_sign);
  std::string signature = hex(reinterpret_cast<const unsigned char*>(sig.data()), sig.size());

  request.headers = headers;
  request.headers["authorization"] = "AWS4-HMAC-SHA256 Credential=" + credentials.access_key_id + "/" + scope +
                                     ", SignedHeaders=" + signed_headers + ", Signature=" + signature;
}

// ------------------------------------------------------------------------------------------ transport

struct AwsTransport::Impl {
  Credentials credentials;
  std::string region;

  // https://events.us-east-1.amazonaws.com, or the endpoint configured for local testing.
  std::string endpoint(const std::string& host_prefix, const char* service_id) const {
    std::string configured = env((std::string("AWS_ENDPOINT_URL_") + service_id).c_str());
    if (configured.empty()) configured = env("AWS_ENDPOINT_URL");
    if (!configured.empty()) return configured.back() == '/' ? configured.substr(0, configured.size() - 1) : configured;
    std::string domain = region.rfind("cn-", 0) == 0 ? "amazonaws.com.cn" : "amazonaws.com";
    return "https://" + host_prefix + "." + region + "." + domain;
  }

  // Sends one signed request; returns the parsed JSON answer or throws AwsError.
  nlohmann::json call(const std::string& base, const std::string& service, const std::string& path,
                      const std::string& content_type, const std::string& target, const std::string& body) const {
    std::string host = base.substr(base.find("://") + 3);
    for (int attempt = 1;; ++attempt) {
      SignedRequest req{"POST", path, "", {{"host", host}, {"content-type", content_type}}, body};
      if (!target.empty()) req.headers["x-amz-target"] = target;
      sign_v4(req, credentials, region, service, amz_date_now());

      std::unique_ptr<CURL, void (*)(CURL*)> curl(curl_easy_init(), curl_easy_cleanup);
      if (!curl) throw AwsError("ClientError", "curl_easy_init failed");
      curl_slist* list = nullptr;
      for (const auto& [k, v] : req.headers) {
        if (k != "host") list = curl_slist_append(list, (k + ": " + v).c_str());
      }
      std::unique_ptr<curl_slist, void (*)(curl_slist*)> headers(list, curl_slist_free_all);
      std::string url = base + uri_encode(path, true);
      std::string response;
      curl_easy_setopt(curl.get(), CURLOPT_URL, url.c_str());
      curl_easy_setopt(curl.get(), CURLOPT_POST, 1L);
      curl_easy_setopt(curl.get(), CURLOPT_POSTFIELDS, body.data());
      curl_easy_setopt(curl.get(), CURLOPT_POSTFIELDSIZE, static_cast<long>(body.size()));
      curl_easy_setopt(curl.get(), CURLOPT_HTTPHEADER, headers.get());
      curl_easy_setopt(curl.get(), CURLOPT_WRITEFUNCTION, collect);
      curl_easy_setopt(curl.get(), CURLOPT_WRITEDATA, &response);
      curl_easy_setopt(curl.get(), CURLOPT_CONNECTTIMEOUT_MS, 3000L);
      curl_easy_setopt(curl.get(), CURLOPT_TIMEOUT_MS, 10000L);
      curl_easy_setopt(curl.get(), CURLOPT_NOSIGNAL, 1L);
      CURLcode rc = curl_easy_perform(curl.get());
      long status = 0;
      curl_easy_getinfo(curl.get(), CURLINFO_RESPONSE_CODE, &status);
      bool retryable = rc != CURLE_OK || status == 429 || status >= 500;
      if (rc == CURLE_OK && status >= 200 && status < 300) {
        return response.empty() ? nlohmann::json::object() : nlohmann::json::parse(response, nullptr, false);
      }
      nlohmann::json err = nlohmann::json::parse(response, nullptr, false);
      std::string code = rc != CURLE_OK ? "NetworkError" : "HTTP" + std::to_string(status);
      std::string message = rc != CURLE_OK ? curl_easy_strerror(rc) : response;
      if (err.is_object()) {
        if (err.contains("__type") && err["__type"].is_string()) {
          code = err["__type"].get<std::string>();
          code = code.substr(code.find('#') + 1);
        }
        for (const char* k : {"message", "Message"}) {
          if (err.contains(k) && err[k].is_string()) message = err[k].get<std::string>();
        }
      }
      if (code.find("Throttl") != std::string::npos) retryable = true;
      if (!retryable || attempt == 3) throw AwsError(code, message);
      std::this_thread::sleep_for(std::chrono::milliseconds(100 << attempt));
    }
  }
};

AwsTransport::AwsTransport() : AwsTransport(credentials_from_environment(), region_from_environment()) {}

AwsTransport::AwsTransport(Credentials credentials, std::string region)
    : impl_(std::make_unique<Impl>(Impl{std::move(credentials), std::move(region)})) {}

AwsTransport::~AwsTransport() = default;

void AwsTransport::put_events(const std::vector<PutEventsEntry>& entries) {
  nlohmann::json list = nlohmann::json::array();
  for (const auto& e : entries) {
    nlohmann::json j = {{"Source", e.source}, {"DetailType", e.detail_type}, {"Detail", e.detail},
                        {"EventBusName", e.event_bus_name}};
    if (!e.resources.empty()) j["Resources"] = e.resources;
    std::string trace = env("_X_AMZN_TRACE_ID");
    if (!trace.empty()) j["TraceHeader"] = trace;
    list.push_back(std::move(j));
  }
  nlohmann::json body = nlohmann::json::object();
  body["Entries"] = std::move(list);
  nlohmann::json out = impl_->call(impl_->endpoint("events", "EVENTBRIDGE"), "events", "/",
                                   "application/x-amz-json-1.1", "AWSEvents.PutEvents", body.dump());
  if (out.is_object() && out.value("FailedEntryCount", 0) > 0) {
    std::string detail;
    for (const auto& e : out.value("Entries", nlohmann::json::array())) {
      if (e.contains("ErrorCode")) detail += " " + e.value("ErrorCode", "") + " (" + e.value("ErrorMessage", "") + ")";
    }
    throw AwsError("PutEventsFailed", std::to_string(out["FailedEntryCount"].get<int>()) + " entries failed:" + detail);
  }
}

void AwsTransport::create_schedule(const CreateScheduleRequest& r) {
  check_schedule_name(r.name);
  nlohmann::json target = {{"Arn", r.target_arn}, {"RoleArn", r.role_arn}, {"Input", r.input}};
  if (r.dead_letter_arn) target["DeadLetterConfig"] = {{"Arn", *r.dead_letter_arn}};
  if (r.maximum_retry_attempts || r.maximum_event_age_seconds) {
    nlohmann::json retry = nlohmann::json::object();
    if (r.maximum_retry_attempts) retry["MaximumRetryAttempts"] = *r.maximum_retry_attempts;
    if (r.maximum_event_age_seconds) retry["MaximumEventAgeInSeconds"] = *r.maximum_event_age_seconds;
    target["RetryPolicy"] = retry;
  }
  if (r.event_detail_type && r.event_source) {
    target["EventBridgeParameters"] = {{"DetailType", *r.event_detail_type}, {"Source", *r.event_source}};
  }
  if (r.message_group_id) target["SqsParameters"] = {{"MessageGroupId", *r.message_group_id}};
  nlohmann::json body = {{"GroupName", r.group_name},
                         {"ScheduleExpression", r.schedule_expression},
                         {"ScheduleExpressionTimezone", r.timezone},
                         {"FlexibleTimeWindow", {{"Mode", "OFF"}}},
                         {"ActionAfterCompletion", "DELETE"},
                         {"Target", target}};
  impl_->call(impl_->endpoint("scheduler", "SCHEDULER"), "scheduler", "/schedules/" + r.name, "application/json", "",
              body.dump());
}

std::string AwsTransport::start_execution(const StartExecutionRequest& r) {
  nlohmann::json body = {{"stateMachineArn", r.state_machine_arn}, {"input", r.input}};
  if (!r.name.empty()) body["name"] = r.name;
  std::string trace = env("_X_AMZN_TRACE_ID");
  if (!trace.empty()) body["traceHeader"] = trace;
  nlohmann::json out = impl_->call(impl_->endpoint("states", "SFN"), "states", "/", "application/x-amz-json-1.0",
                                   "AWSStepFunctions.StartExecution", body.dump());
  return out.value("executionArn", "");
}

}  // namespace slipway::aws

namespace slipway {

void put_events_batched(Transport& transport, const std::vector<PutEventsEntry>& entries) {
  for (std::size_t i = 0; i < entries.size(); i += 10) {
    auto end = entries.begin() + static_cast<std::ptrdiff_t>(std::min(entries.size(), i + 10));
    transport.put_events(std::vector<PutEventsEntry>(entries.begin() + static_cast<std::ptrdiff_t>(i), end));
  }
}

void check_schedule_name(const std::string& name) {
  bool ok = !name.empty() && name.size() <= 64 && std::all_of(name.begin(), name.end(), [](unsigned char c) {
    return std::isalnum(c) || c == '-' || c == '_' || c == '.';
  });
  if (!ok) throw std::invalid_argument("schedule name '" + name + "' must be 1-64 characters of [0-9A-Za-z-_.]");
}

}  // namespace slipway
