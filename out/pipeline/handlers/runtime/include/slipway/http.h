// API Gateway HTTP API (payload format 2.0) requests and responses.
#pragma once
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "slipway/json.h"

namespace slipway::http {

// Routes without path parameters.
struct NoPathParameters {};
inline void read_value(const nlohmann::json&, const std::string&, NoPathParameters&) {}

template <class PathParameters>
struct Request {
  using PathParametersType = PathParameters;
  std::string method;     // requestContext.http.method
  std::string path;       // rawPath
  std::string route_key;  // "POST /cards/{id}"
  std::string raw_query_string;
  std::map<std::string, std::string> headers;  // names lowercase; repeated headers comma-joined
  std::map<std::string, std::string> query;    // repeated parameters comma-joined
  std::vector<std::string> cookies;
  PathParameters path_parameters{};
  std::string body;  // decoded when API Gateway sent it base64-encoded
  std::string request_id;
  std::string source_ip;
  std::optional<nlohmann::json> jwt_claims;  // present behind the JWT authorizer
  std::vector<std::string> jwt_scopes;

  // The header's value, or "" (name in lowercase).
  std::string header(const std::string& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? std::string() : it->second;
  }
};

// Throw these from a handler to answer with a status; anything else fails the invocation (a 500 for the
// client, and an error that the function's error alarm counts).
class Error : public std::runtime_error {
 public:
  Error(int status, const std::string& message) : std::runtime_error(message), status_(status) {}
  int status() const noexcept { return status_; }

 private:
  int status_;
};
struct BadRequest : Error {
  explicit BadRequest(const std::string& message) : Error(400, message) {}
};
struct NotFound : Error {
  explicit NotFound(const std::string& message) : Error(404, message) {}
};

struct Response {
  int status = 200;
  std::map<std::string, std::string> headers;
  std::vector<std::string> cookies;
  std::string body;
  bool base64_encoded = false;

  static Response json(int status, const nlohmann::json& body);
  static Response text(int status, std::string body);
  static Response no_content();
};

bool is_request(const nlohmann::json& j);

// The envelope without path parameters; the template below adds them.
Request<NoPathParameters> read_envelope(const nlohmann::json& j);

template <class PathParameters>
Request<PathParameters> read_request(const nlohmann::json& j) {
  Request<NoPathParameters> r = read_envelope(j);
  Request<PathParameters> out;
  out.method = std::move(r.method);
  out.path = std::move(r.path);
  out.route_key = std::move(r.route_key);
  out.raw_query_string = std::move(r.raw_query_string);
  out.headers = std::move(r.headers);
  out.query = std::move(r.query);
  out.cookies = std::move(r.cookies);
  out.body = std::move(r.body);
  out.request_id = std::move(r.request_id);
  out.source_ip = std::move(r.source_ip);
  out.jwt_claims = std::move(r.jwt_claims);
  out.jwt_scopes = std::move(r.jwt_scopes);
  if constexpr (!std::is_same_v<PathParameters, NoPathParameters>) {
    auto it = j.find("pathParameters");
    if (it == j.end()) throw PayloadError("pathParameters", "required field is missing");
    read_value(*it, "pathParameters", out.path_parameters);
  }
  return out;
}

// The request body as JSON; throws BadRequest (400) when it is not.
nlohmann::json json_body(const std::string& body);
// Reads the body into T; throws BadRequest naming the field when it does not fit.
template <class T>
T read_body(const std::string& body) {
  try {
    return from_json_value<T>(json_body(body));
  } catch (const PayloadError& e) {
    throw BadRequest(e.what());
  }
}

// The Lambda result that API Gateway turns into the HTTP response.
nlohmann::json to_lambda_result(const Response& response);
// The answer for an http::Error: {"message": "..."} with its status.
Response error_response(const Error& error);

}  // namespace slipway::http
