// Readers for the payloads Lambda's event sources deliver.
#include <iostream>

#include "slipway/base64.h"
#include "slipway/dynamodb.h"
#include "slipway/eventbridge.h"
#include "slipway/http.h"
#include "slipway/log.h"
#include "slipway/s3.h"
#include "slipway/sns.h"
#include "slipway/sqs.h"

namespace slipway {

void Logger::write(std::string_view level, std::string_view message) const {
  nlohmann::json line = nlohmann::json::object();
  line["level"] = level;
  if (!request_id_.empty()) line["requestId"] = request_id_;
  line["message"] = message;
  std::cerr << line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << std::endl;
}

bool is_event(const nlohmann::json& j, std::string_view source, std::string_view detail_type) {
  if (!j.is_object()) return false;
  auto s = j.find("source");
  auto t = j.find("detail-type");
  return s != j.end() && t != j.end() && s->is_string() && t->is_string() && *s == source && *t == detail_type &&
         j.contains("detail");
}

namespace {

// The eventSource of the first record ("aws:s3", "aws:sqs", "aws:dynamodb", "aws:sns"), or "".
std::string record_source(const nlohmann::json& j) {
  if (!j.is_object()) return "";
  auto records = j.find("Records");
  if (records == j.end() || !records->is_array() || records->empty() || !(*records)[0].is_object()) return "";
  const auto& first = (*records)[0];
  for (const char* key : {"eventSource", "EventSource"}) {
    auto it = first.find(key);
    if (it != first.end() && it->is_string()) return it->get<std::string>();
  }
  return "";
}

const nlohmann::json& records_of(const nlohmann::json& j) {
  expect_object(j, "");
  auto it = j.find("Records");
  if (it == j.end()) throw PayloadError("Records", "required field is missing");
  if (!it->is_array()) type_mismatch(*it, "Records", "array");
  return *it;
}

const nlohmann::json& child(const nlohmann::json& j, const std::string& path, const char* key) {
  auto it = j.find(key);
  if (it == j.end()) throw PayloadError(member_path(path, key), "required field is missing");
  return expect_object(*it, member_path(path, key));
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Headers and query parameters: string values; anything else is a malformed request.
std::map<std::string, std::string> string_map(const nlohmann::json& j, const char* key) {
  std::map<std::string, std::string> out;
  auto it = j.find(key);
  if (it != j.end() && !it->is_null()) read_value(*it, key, out);
  return out;
}

}  // namespace

// ------------------------------------------------------------------------------------------------- S3

namespace s3 {

bool is_notification(const nlohmann::json& j) { return record_source(j) == "aws:s3"; }

std::string decode_key(std::string_view encoded) {
  std::string out;
  out.reserve(encoded.size());
  for (std::size_t i = 0; i < encoded.size(); ++i) {
    char c = encoded[i];
    if (c == '+') {
      out += ' ';
    } else if (c == '%' && i + 2 < encoded.size() && hex_digit(encoded[i + 1]) >= 0 && hex_digit(encoded[i + 2]) >= 0) {
      out += static_cast<char>(hex_digit(encoded[i + 1]) * 16 + hex_digit(encoded[i + 2]));
      i += 2;
    } else {
      out += c;
    }
  }
  return out;
}

std::vector<Record> read_notification(const nlohmann::json& j) {
  const nlohmann::json& records = records_of(j);
  std::vector<Record> out;
  for (std::size_t i = 0; i < records.size(); ++i) {
    std::string path = index_path("Records", i);
    const nlohmann::json& r = expect_object(records[i], path);
    Record rec;
    read_field(r, path, "eventName", rec.event_name);
    read_field(r, path, "eventTime", rec.event_time);
    read_field_or_default(r, path, "awsRegion", rec.region);
    std::string s3_path = member_path(path, "s3");
    const nlohmann::json& s3 = child(r, path, "s3");
    const nlohmann::json& bucket = child(s3, s3_path, "bucket");
    read_field(bucket, member_path(s3_path, "bucket"), "name", rec.bucket);
    read_field_or_default(bucket, member_path(s3_path, "bucket"), "arn", rec.bucket_arn);
    std::string object_path = member_path(s3_path, "object");
    const nlohmann::json& object = child(s3, s3_path, "object");
    std::string key;
    read_field(object, object_path, "key", key);
    rec.key = decode_key(key);
    read_field(object, object_path, "size", rec.size);
    read_field_or_default(object, object_path, "eTag", rec.etag);
    read_field_or_default(object, object_path, "versionId", rec.version_id);
    read_field_or_default(object, object_path, "sequencer", rec.sequencer);
    out.push_back(std::move(rec));
  }
  return out;
}

}  // namespace s3

// ------------------------------------------------------------------------------------------------ SQS

namespace sqs {

bool is_batch(const nlohmann::json& j) { return record_source(j) == "aws:sqs"; }

Message<std::string> read_envelope(const nlohmann::json& record, const std::string& path) {
  expect_object(record, path);
  Message<std::string> m;
  read_field(record, path, "messageId", m.message_id);
  read_field_or_default(record, path, "receiptHandle", m.receipt_handle);
  read_field_or_default(record, path, "eventSourceARN", m.event_source_arn);
  read_field(record, path, "body", m.raw_body);
  auto attrs = record.find("attributes");
  if (attrs != record.end() && !attrs->is_null()) {
    read_value(*attrs, member_path(path, "attributes"), m.attributes);
  }
  if (auto g = m.attributes.find("MessageGroupId"); g != m.attributes.end()) m.message_group_id = g->second;
  if (auto n = m.attributes.find("ApproximateReceiveCount"); n != m.attributes.end()) {
    try {
      m.receive_count = std::stoi(n->second);
    } catch (const std::exception&) {
      throw PayloadError(member_path(member_path(path, "attributes"), "ApproximateReceiveCount"), "expected a count");
    }
  }
  auto mattrs = record.find("messageAttributes");
  if (mattrs != record.end() && mattrs->is_object()) {
    for (const auto& [name, value] : mattrs->items()) {
      if (value.is_object() && value.contains("stringValue") && value["stringValue"].is_string()) {
        m.message_attributes[name] = value["stringValue"].get<std::string>();
      }
    }
  }
  return m;
}

nlohmann::json process_batch(const nlohmann::json& event, bool fifo, const Logger& log,
                             const std::function<void(const nlohmann::json&, const std::string&)>& process) {
  const nlohmann::json& records = records_of(event);
  nlohmann::json failures = nlohmann::json::array();
  bool failed = false;
  for (std::size_t i = 0; i < records.size(); ++i) {
    std::string path = index_path("Records", i);
    const nlohmann::json& record = records[i];
    std::string id = record.is_object() && record.contains("messageId") && record["messageId"].is_string()
                         ? record["messageId"].get<std::string>()
                         : std::string();
    if (id.empty()) throw PayloadError(member_path(path, "messageId"), "required field is missing");
    if (failed && fifo) {
      failures.push_back({{"itemIdentifier", id}});
      continue;
    }
    try {
      process(record, path);
    } catch (const std::exception& e) {
      log.error("message " + id + " failed: " + e.what());
      failures.push_back({{"itemIdentifier", id}});
      failed = true;
    }
  }
  nlohmann::json out = nlohmann::json::object();
  out["batchItemFailures"] = std::move(failures);
  return out;
}

}  // namespace sqs

// ------------------------------------------------------------------------------------------------ SNS

namespace sns {

bool is_notification(const nlohmann::json& j) { return record_source(j) == "aws:sns"; }

std::vector<Message> read_notification(const nlohmann::json& j) {
  const nlohmann::json& records = records_of(j);
  std::vector<Message> out;
  for (std::size_t i = 0; i < records.size(); ++i) {
    std::string path = index_path("Records", i);
    const nlohmann::json& sns = child(expect_object(records[i], path), path, "Sns");
    std::string p = member_path(path, "Sns");
    Message m;
    read_field(sns, p, "MessageId", m.message_id);
    read_field(sns, p, "TopicArn", m.topic_arn);
    read_field_or_default(sns, p, "Subject", m.subject);
    read_field(sns, p, "Message", m.message);
    read_field(sns, p, "Timestamp", m.timestamp);
    auto attrs = sns.find("MessageAttributes");
    if (attrs != sns.end() && attrs->is_object()) {
      for (const auto& [name, value] : attrs->items()) {
        if (value.is_object() && value.contains("Value") && value["Value"].is_string()) {
          m.attributes[name] = value["Value"].get<std::string>();
        }
      }
    }
    out.push_back(std::move(m));
  }
  return out;
}

}  // namespace sns

// ------------------------------------------------------------------------------------------- DynamoDB

namespace dynamodb {

bool is_stream_batch(const nlohmann::json& j) { return record_source(j) == "aws:dynamodb"; }

nlohmann::json unmarshal_value(const nlohmann::json& av, const std::string& path) {
  if (!av.is_object() || av.size() != 1) type_mismatch(av, path, "a DynamoDB attribute value");
  // The one member: `type` and `v` refer into `av` itself (not into a temporary iteration proxy).
  const auto member = av.begin();
  const std::string& type = member.key();
  const nlohmann::json& v = member.value();
  auto number = [&](const nlohmann::json& n, const std::string& p) {
    if (!n.is_string()) type_mismatch(n, p, "number text");
    nlohmann::json parsed = nlohmann::json::parse(n.get<std::string>(), nullptr, false);
    if (!parsed.is_number()) throw PayloadError(p, "expected number text, got '" + n.get<std::string>() + "'");
    return parsed;
  };
  if (type == "S" || type == "B") {
    if (!v.is_string()) type_mismatch(v, path, "string");
    return v;
  }
  if (type == "N") return number(v, path);
  if (type == "BOOL") {
    if (!v.is_boolean()) type_mismatch(v, path, "boolean");
    return v;
  }
  if (type == "NULL") return nullptr;
  if (type == "M") return unmarshal(v, path);
  if (type == "L" || type == "SS" || type == "NS" || type == "BS") {
    if (!v.is_array()) type_mismatch(v, path, "array");
    nlohmann::json out = nlohmann::json::array();
    for (std::size_t i = 0; i < v.size(); ++i) {
      std::string p = index_path(path, i);
      if (type == "L") out.push_back(unmarshal_value(v[i], p));
      else if (type == "NS") out.push_back(number(v[i], p));
      else if (v[i].is_string()) out.push_back(v[i]);
      else type_mismatch(v[i], p, "string");
    }
    return out;
  }
  throw PayloadError(path, "unknown DynamoDB attribute type '" + type + "'");
}

nlohmann::json unmarshal(const nlohmann::json& item, const std::string& path) {
  expect_object(item, path);
  nlohmann::json out = nlohmann::json::object();
  for (const auto& [name, av] : item.items()) out[name] = unmarshal_value(av, member_path(path, name));
  return out;
}

nlohmann::json process_batch(const nlohmann::json& event, const Logger& log,
                             const std::function<void(const nlohmann::json&, const std::string&)>& process) {
  const nlohmann::json& records = records_of(event);
  nlohmann::json failures = nlohmann::json::array();
  for (std::size_t i = 0; i < records.size(); ++i) {
    std::string path = index_path("Records", i);
    const nlohmann::json& record = records[i];
    std::string sequence;
    if (record.is_object() && record.contains("dynamodb") && record["dynamodb"].is_object() &&
        record["dynamodb"].contains("SequenceNumber") && record["dynamodb"]["SequenceNumber"].is_string()) {
      sequence = record["dynamodb"]["SequenceNumber"].get<std::string>();
    }
    if (sequence.empty()) throw PayloadError(path + ".dynamodb.SequenceNumber", "required field is missing");
    try {
      process(record, path);
    } catch (const std::exception& e) {
      log.error("stream record " + sequence + " failed: " + e.what());
      failures.push_back({{"itemIdentifier", sequence}});
      break;  // Lambda retries from this record; later ones come again with it
    }
  }
  nlohmann::json out = nlohmann::json::object();
  out["batchItemFailures"] = std::move(failures);
  return out;
}

}  // namespace dynamodb

// ----------------------------------------------------------------------------------------------- HTTP

namespace http {

bool is_request(const nlohmann::json& j) {
  if (!j.is_object() || !j.contains("requestContext") || !j.contains("routeKey")) return false;
  const auto& rc = j["requestContext"];
  return rc.is_object() && rc.contains("http");
}

Request<NoPathParameters> read_envelope(const nlohmann::json& j) {
  expect_object(j, "");
  Request<NoPathParameters> r;
  read_field(j, "", "routeKey", r.route_key);
  read_field(j, "", "rawPath", r.path);
  read_field_or_default(j, "", "rawQueryString", r.raw_query_string);
  r.headers = string_map(j, "headers");
  r.query = string_map(j, "queryStringParameters");
  read_field_or_default(j, "", "cookies", r.cookies);
  const nlohmann::json& rc = child(j, "", "requestContext");
  read_field_or_default(rc, "requestContext", "requestId", r.request_id);
  const nlohmann::json& h = child(rc, "requestContext", "http");
  read_field(h, "requestContext.http", "method", r.method);
  read_field_or_default(h, "requestContext.http", "sourceIp", r.source_ip);
  auto auth = rc.find("authorizer");
  if (auth != rc.end() && auth->is_object() && auth->contains("jwt") && (*auth)["jwt"].is_object()) {
    const auto& jwt = (*auth)["jwt"];
    if (jwt.contains("claims")) r.jwt_claims = jwt["claims"];
    read_field_or_default(jwt, "requestContext.authorizer.jwt", "scopes", r.jwt_scopes);
  }
  std::string body;
  read_field_or_default(j, "", "body", body);
  bool encoded = false;
  read_field_or_default(j, "", "isBase64Encoded", encoded);
  if (encoded) {
    auto decoded = base64_decode(body);
    if (!decoded) throw PayloadError("body", "expected base64 text");
    body = std::move(*decoded);
  }
  r.body = std::move(body);
  return r;
}

Response Response::json(int status, const nlohmann::json& body) {
  Response r;
  r.status = status;
  r.headers["content-type"] = "application/json";
  r.body = body.dump();
  return r;
}

Response Response::text(int status, std::string body) {
  Response r;
  r.status = status;
  r.headers["content-type"] = "text/plain; charset=utf-8";
  r.body = std::move(body);
  return r;
}

Response Response::no_content() {
  Response r;
  r.status = 204;
  return r;
}

nlohmann::json json_body(const std::string& body) {
  nlohmann::json j = nlohmann::json::parse(body, nullptr, false);
  if (j.is_discarded()) throw BadRequest("the request body is not valid JSON");
  return j;
}

nlohmann::json to_lambda_result(const Response& response) {
  nlohmann::json j = nlohmann::json::object();
  j["statusCode"] = response.status;
  j["headers"] = response.headers;
  if (!response.cookies.empty()) j["cookies"] = response.cookies;
  j["body"] = response.body;
  j["isBase64Encoded"] = response.base64_encoded;
  return j;
}

Response error_response(const Error& error) {
  nlohmann::json body = nlohmann::json::object();
  body["message"] = error.what();
  return Response::json(error.status(), body);
}

}  // namespace http

}  // namespace slipway
