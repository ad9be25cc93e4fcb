// Signed AWS calls over libcurl: Signature Version 4 and the transport the generated code uses in Lambda.
#pragma once
#include <map>
#include <memory>
#include <string>

#include "slipway/transport.h"

namespace slipway::aws {

struct Credentials {
  std::string access_key_id;
  std::string secret_access_key;
  std::string session_token;  // "" for long-term keys
};

// From AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN, which Lambda sets from the function's
// role. Throws std::runtime_error naming the missing variable.
Credentials credentials_from_environment();
// AWS_REGION (set by Lambda), else AWS_DEFAULT_REGION.
std::string region_from_environment();

// One HTTP request to sign. Header names may be in any case; `host` must be among them.
struct SignedRequest {
  std::string method;  // "POST"
  std::string path;    // "/schedules/my-schedule" (not yet URI-encoded)
  std::string query;   // canonical query string, "" when none
  std::map<std::string, std::string> headers;
  std::string body;
};

// Adds x-amz-date, x-amz-security-token (with a session token), x-amz-content-sha256 and Authorization to
// request.headers. `amz_date` is "YYYYMMDDTHHMMSSZ".
void sign_v4(SignedRequest& request, const Credentials& credentials, const std::string& region,
             const std::string& service, const std::string& amz_date);

// Lowercase hex SHA-256 of `data` (exposed for tests).
std::string sha256_hex(const std::string& data);

// The real transport: EventBridge (JSON 1.1), Scheduler (REST JSON), Step Functions (JSON 1.0).
// Endpoints follow AWS_ENDPOINT_URL_<SERVICE> / AWS_ENDPOINT_URL when set (local testing), else the region's.
// Throttling and 5xx answers are retried three times with backoff.
class AwsTransport final : public Transport {
 public:
  AwsTransport();  // credentials and region from the environment
  AwsTransport(Credentials credentials, std::string region);
  ~AwsTransport() override;
  void put_events(const std::vector<PutEventsEntry>& entries) override;
  void create_schedule(const CreateScheduleRequest& request) override;
  std::string start_execution(const StartExecutionRequest& request) override;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace slipway::aws
