// The resolved, typed semantic model of one system in one environment.
//
// Knows nothing of YAML, Terraform, JSON text or templates. Produced by lower/, read by check/, derive/
// and emit/. Every collection is sorted by name, so iteration order never depends on the order of keys
// in the spec. Every entity keeps the span of its name in the spec for diagnostics.
#pragma once
#include <cstdint>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "base/span.h"

namespace slipway::model {

using base::Span;
// JSON values written in the spec (payload shapes, constants, raw ASL). nlohmann::json keeps object
// keys sorted, which makes every use of it independent of key order in the spec.
using Json = nlohmann::json;

// ---------------------------------------------------------------------------------------------- types

enum class TypeKind { String, Integer, Number, Boolean, Timestamp, Enum, Array, Object };

struct Type;
using TypePtr = std::shared_ptr<const Type>;

struct Field {
  std::string name;
  bool optional = false;
  TypePtr type;
  Span span;
};

struct Type {
  TypeKind kind = TypeKind::String;
  std::vector<std::string> enum_values;  // Enum, in declared order (order is meaningful)
  TypePtr element;                       // Array
  std::vector<Field> fields;             // Object, sorted by name
  Span span;
  const Field* field(const std::string& name) const;
};

// "string", "integer", ..., "enum(a, b)", "string[]", "object".
std::string type_name(const Type& t);

// ---------------------------------------------------------------------------------- values and refs

// A reference to a deployed value: ${flags.NAME}, ${buckets.NAME.name}, ${tables.NAME.name},
// ${queues.NAME.url}, ${topics.NAME.arn}, ${secrets.NAME.arn}, ${parameters.NAME.name}, ...
struct Ref {
  std::string kind;  // "flags", "buckets", "tables", "queues", "topics", "secrets", "parameters", "buses",
                     // "handlers", "workflows"
  std::string name;
  std::string attr;  // "" for flags; "name", "arn", "url" otherwise
  friend bool operator==(const Ref&, const Ref&) = default;
};

// A string that may interpolate references: literal parts and references alternate.
struct Text {
  struct Part {
    std::string literal;     // used when ref is empty
    std::optional<Ref> ref;
  };
  std::vector<Part> parts;
  Span span;
  bool is_literal() const;
  std::string literal() const;  // concatenated literals; refs are left out
};

// A boolean that is either fixed or follows a feature flag (`enabled: ${flags.x}`).
struct Toggle {
  bool value = true;
  std::string flag;  // non-empty: follow this flag
  Span span;         // where it is written (unknown when defaulted)
};

// ------------------------------------------------------------------------------------------- system

struct Flag {
  std::string name;
  Json value;  // the default in this environment (bool, number or string)
  std::string description;
  Span span;
};

struct Bus {
  std::string name;  // "default" is the account's default bus and is never created
  std::optional<int> archive_days;  // archive all events for this many days (0 = forever)
  std::string description;
  Span span;
  bool is_default() const { return name == "default"; }
};

struct Event {
  std::string name;
  std::string source;
  std::string detail_type;  // defaults to the name
  std::string bus;          // a Bus name
  Span bus_span;
  TypePtr detail;           // an Object type
  std::string description;
  bool external = false;    // produced outside this spec (another system or account)
  Span span;
  bool is_aws() const { return source.rfind("aws.", 0) == 0; }
};

struct KeyAttribute {
  std::string name;
  std::string type;  // "S", "N" or "B"
  Span span;
};

struct TableIndex {
  std::string name;
  KeyAttribute partition;
  std::optional<KeyAttribute> sort;
  std::string projection = "ALL";  // ALL | KEYS_ONLY | INCLUDE
  std::vector<std::string> non_key_attributes;
  Span span;
};

struct Table {
  std::string name;
  KeyAttribute partition;
  std::optional<KeyAttribute> sort;
  std::vector<TableIndex> indexes;  // sorted by name
  std::string stream;               // "" (none) | NEW_IMAGE | OLD_IMAGE | NEW_AND_OLD_IMAGES | KEYS_ONLY
  std::string ttl_attribute;        // "" = no TTL
  bool point_in_time_recovery = true;
  bool deletion_protection = false;
  std::string billing = "PAY_PER_REQUEST";  // or PROVISIONED
  std::optional<int> read_capacity, write_capacity;
  Span span;
};

struct LifecycleRule {
  std::string id;
  std::string prefix;
  std::optional<int> expire_days;
  std::optional<int> noncurrent_expire_days;
  std::optional<int> transition_days;
  std::string transition_class;  // STANDARD_IA, GLACIER, ...
  std::optional<int> abort_incomplete_days;
  Span span;
};

struct Bucket {
  std::string name;
  bool versioning = false;
  bool eventbridge = false;  // S3 sends its events to the default bus
  std::string encryption = "AES256";  // or "aws:kms"
  bool force_destroy = false;
  std::vector<LifecycleRule> lifecycle;
  std::vector<std::string> cors_origins;
  Span span;
};

struct Queue {
  std::string name;
  bool fifo = false;
  std::optional<int> retention_seconds;
  std::optional<int> visibility_timeout_seconds;  // when absent, derived from the consumer's timeout
  std::optional<int> delay_seconds;
  std::string dlq;  // a Queue name; "" = none
  int max_receives = 5;
  Span span;
};

struct Subscription {
  std::string protocol;  // "sqs", "lambda", "email", "https"
  std::string target;    // queue or handler name, address or URL
  Span span;
};

struct Topic {
  std::string name;
  bool fifo = false;
  std::vector<Subscription> subscriptions;
  Span span;
};

struct Secret {
  std::string name;
  std::string description;
  Span span;
};

struct Parameter {
  std::string name;
  std::string path;  // the SSM parameter name, starting with '/'
  bool secure = false;
  std::string description;
  Span span;
};

struct RetryPolicy {       // EventBridge targets, Scheduler targets, async invocation
  int attempts = 185;      // EventBridge's default maximum
  int max_age_seconds = 86400;
  Span span;
};

// What an EventBridge rule target or a Scheduler schedule sends to: exactly one of these kinds.
enum class TargetKind { Handler, Workflow, Queue, Topic, Bus, Event };

// An input transformer. `shape` is the JSON the target receives: every string value starting with
// "$." is a path into the event and is substituted; everything else is a constant. `path` alone
// (`input: $.detail`) passes that part of the event. Empty shape and path: the whole event.
struct InputShape {
  std::string path;
  Json shape;  // null when absent
  Span span;
  bool present() const { return !path.empty() || !shape.is_null(); }
};

struct Target {
  TargetKind kind = TargetKind::Handler;
  std::string name;  // a handler, workflow, queue, topic or bus name, or an event-bus ARN for Bus
  InputShape input;
  std::optional<RetryPolicy> retry;
  std::string dlq;  // a Queue name
  std::string message_group_id;  // FIFO queue targets
  Span span;
};

struct ScheduleSpec {
  std::string expression;  // rate(...), cron(...) or at(...)
  std::string timezone;    // IANA name; "" = UTC
  Span span;
};

// `schedules:` entries: a recurring EventBridge Scheduler schedule (expression set), or a group of one-off
// schedules that handlers with `create` access make at run time (expression empty).
struct Schedule {
  std::string name;
  ScheduleSpec schedule;  // empty expression: a group
  Target target;          // Handler, Workflow, Queue, Topic or Event (event: a declared event, detail)
  Json event_detail;      // for Event targets
  Toggle enabled;
  std::optional<int> flexible_window_minutes;
  std::string description;
  Span span;
  bool is_group() const { return schedule.expression.empty(); }
};

// ----------------------------------------------------------------------------------------- handlers

enum class Access { Read, Write, ReadWrite, Send, Consume, Publish, Create };
std::string access_name(Access a);

enum class ResourceKind { Table, Bucket, Queue, Topic, Secret, Parameter, ScheduleGroup, Bus };
std::string resource_kind_name(ResourceKind k);  // "table", "bucket", ...

struct Use {
  ResourceKind kind = ResourceKind::Table;
  std::string name;
  Access access = Access::Read;
  std::string prefix;  // buckets: limit to keys under this prefix
  Span span;
};

struct RawGrant {  // `aws:` — grants for AWS APIs that are not spec resources
  std::vector<std::string> actions;
  std::vector<std::string> resources;
  Span span;
};

struct HttpTrigger {
  std::string method;  // GET, POST, ..., ANY
  std::string path;    // /cards/{id}
  bool auth = true;    // JWT authorizer unless `auth: none`
  Span span;
};

struct S3Trigger {
  std::string bucket;
  std::vector<std::string> events;  // "created", "removed", "restored"
  std::string prefix, suffix;
  bool allow_self_trigger = false;
  Span span;
};

struct StreamTrigger {
  std::string table;
  int batch_size = 100;
  std::string starting_position = "LATEST";  // or TRIM_HORIZON
  Json filter;  // EventBridge-pattern JSON of the stream record (keys eventName, dynamodb, ...); null = none
  std::optional<int> retry_attempts;          // maximum_retry_attempts
  std::optional<int> max_age_seconds;         // maximum_record_age_in_seconds
  bool bisect_on_error = true;
  int parallelization = 1;
  std::optional<int> batching_window_seconds;
  std::string dlq;  // a Queue (on-failure destination)
  Span span;
};

struct QueueTrigger {
  std::string queue;
  int batch_size = 10;
  std::optional<int> batching_window_seconds;
  std::optional<int> max_concurrency;
  Span span;
};

struct HandlerSchedule {  // `schedule:` on a handler: a Scheduler schedule that invokes it
  ScheduleSpec schedule;
  Json input;  // null = none
  Span span;
};

struct EnvVar {
  std::string name;
  Text value;
};

struct Handler {
  std::string name;
  std::string description;
  std::string runtime = "provided.al2023";
  std::string architecture = "arm64";  // or x86_64
  int memory_mb = 512;
  int timeout_seconds = 30;
  int log_retention_days = 14;
  bool tracing = true;
  std::optional<int> reserved_concurrency;
  std::optional<int> async_retry_attempts;  // 0..2 for asynchronous invocations
  std::string dlq;                          // on-failure destination for async invocations (a Queue)

  std::optional<HttpTrigger> http;
  std::optional<S3Trigger> s3;
  std::optional<StreamTrigger> stream;
  std::optional<QueueTrigger> queue;
  std::optional<HandlerSchedule> schedule;

  std::vector<Use> uses;            // sorted by kind, then name
  std::vector<std::string> emits;   // Event names, sorted
  std::vector<std::string> starts;  // Workflow names, sorted
  std::vector<EnvVar> env;          // sorted by name
  std::vector<RawGrant> aws;        // in spec order
  Span span;
  Span emits_span, starts_span;
};

// ---------------------------------------------------------------------------------------- workflows

struct StepRetry {
  std::vector<std::string> errors;  // default States.ALL
  int attempts = 3;
  double interval_seconds = 1;
  double backoff = 2;
  std::optional<int> max_delay_seconds;
  bool jitter = false;
  Span span;
};

struct Step;

struct StepCatch {
  std::vector<std::string> errors;  // default States.ALL
  std::string result_path;          // "" = $.error? no: "" means ASL default ($ replaced); see docs
  std::vector<Step> steps;          // handler steps, or
  std::string goto_step;            // a step to go to instead
  Span span;
};

// A choice condition, parsed from the condition language.
struct Operand {
  bool is_path = false;
  std::string path;  // "$.a.b" when is_path
  Json literal;      // otherwise: string, number, boolean or null
  Span span;
};

struct Condition {
  enum class Op { And, Or, Not, Eq, Ne, Lt, Le, Gt, Ge, IsPresent, IsNull, IsString, IsNumeric, IsBoolean,
                  IsTimestamp, Matches };
  Op op = Op::Eq;
  std::vector<Condition> children;  // And, Or (2+), Not (1)
  Operand lhs, rhs;                 // comparisons; tests use lhs only; Matches: rhs is the glob literal
  Span span;
};

struct ChoiceBranch {
  Condition condition;
  std::vector<Step> steps;
  Span span;
};

enum class StepKind { Invoke, Parallel, Map, Choice, Wait, Pass, Succeed, Fail, Emit, Publish, Send, DynamoDb,
                      Start, Goto, Raw };

struct Step {
  std::string name;
  StepKind kind = StepKind::Invoke;
  Span span;

  // Invoke: handler; Emit: event; Publish: topic; Send: queue; DynamoDb: table; Start: workflow;
  // Goto: the step to go to.
  std::string target;
  Json payload;  // Invoke `input`, Emit `detail`, Publish `message`, Send `body`, Pass `result`, Map
                 // `item_selector`; keys ending in ".$" hold paths. null = absent.

  // Shaping.
  std::string input_path, result_path, output_path;  // "" = absent

  // Error handling and timing (Task-like steps, Parallel, Map).
  std::optional<int> timeout_seconds, heartbeat_seconds;
  std::vector<StepRetry> retry;
  bool retry_given = false;  // `retry:` written (even empty): no default Lambda retry
  std::vector<StepCatch> catches;

  // Parallel.
  std::vector<std::vector<Step>> branches;
  // Map.
  std::string items_path;
  int max_concurrency = 0;
  std::vector<Step> iterator;
  // Choice.
  std::vector<ChoiceBranch> choices;
  std::optional<std::vector<Step>> otherwise;
  // Wait.
  std::optional<int> wait_seconds;
  std::string wait_until_path;
  // Fail.
  std::string error, cause;
  // DynamoDb.
  std::string dynamodb_op;  // "get" | "put" | "update" | "delete"
  Json key, item;           // key: the Key; item: put's Item
  std::string update_expression;
  Json expression_values;
  // Start.
  bool sync = false;
  // Raw.
  Json raw;
};

struct Workflow {
  std::string name;
  std::string type = "STANDARD";  // or EXPRESS
  std::string input_event;        // "" = untyped input
  Span input_span;
  std::optional<int> timeout_seconds;
  std::vector<Step> steps;
  std::vector<StepCatch> catches;  // workflow-wide
  std::vector<StepRetry> retry;    // workflow-wide default for task steps
  bool logging = true;
  std::string log_level = "ERROR";  // ALL | ERROR | FATAL | OFF
  int log_retention_days = 14;
  bool tracing = true;
  std::string description;
  Span span;
};

// -------------------------------------------------------------------------------------------- rules

struct Rule {
  std::string name;
  std::string description;
  std::string event;             // the Event it matches; "" for schedule rules
  Span event_span;
  Json pattern;                  // the `match` part as an EventBridge pattern over `detail` (null = none)
  ScheduleSpec schedule;         // schedule rules (rate/cron on the default bus)
  std::string bus;               // the Bus the rule lives on ("default" for schedule rules)
  Toggle enabled;
  std::vector<Target> targets;   // 1..5
  bool allow_cycle = false;      // opt out of the event-flow cycle check
  Span span;
  Span match_span;
};

// --------------------------------------------------------------------------------------- api/alarms

struct Api {
  std::string jwt_issuer;               // "" = a Terraform variable
  std::vector<std::string> jwt_audience;
  std::vector<std::string> cors_origins;
  std::string stage = "$default";
  Span span;
};

struct Alarms {
  std::string topic;  // a Topic name; "" = no alarms
  int handler_errors_threshold = 1;
  int dlq_depth_threshold = 1;
  int workflow_failures_threshold = 1;
  Span span;
};

struct System {
  std::string name;  // <system>: the prefix of every AWS name
  std::string description;
  std::string environment;  // this model's environment
  std::vector<std::string> environments;  // all environments of the spec, sorted
  std::string region = "us-east-1";
  std::map<std::string, std::string> tags;

  std::vector<Flag> flags;
  std::vector<Bus> buses;
  std::vector<Event> events;
  std::vector<Table> tables;
  std::vector<Bucket> buckets;
  std::vector<Queue> queues;
  std::vector<Topic> topics;
  std::vector<Secret> secrets;
  std::vector<Parameter> parameters;
  std::vector<Schedule> schedules;
  std::vector<Handler> handlers;
  std::vector<Workflow> workflows;
  std::vector<Rule> rules;
  std::optional<Api> api;  // present when any handler has an http trigger or `api:` is written
  Alarms alarms;

  // Lookups by name (binary search over the sorted vectors); nullptr when absent.
  const Flag* flag(const std::string& n) const;
  const Bus* bus(const std::string& n) const;
  const Event* event(const std::string& n) const;
  const Table* table(const std::string& n) const;
  const Bucket* bucket(const std::string& n) const;
  const Queue* queue(const std::string& n) const;
  const Topic* topic(const std::string& n) const;
  const Secret* secret(const std::string& n) const;
  const Parameter* parameter(const std::string& n) const;
  const Schedule* schedule(const std::string& n) const;
  const Handler* handler(const std::string& n) const;
  const Workflow* workflow(const std::string& n) const;
  const Rule* rule(const std::string& n) const;
};

// The whole compilation: one resolved System per environment, in sorted environment order. Backends
// whose output does not vary by environment (ASL, handler skeletons) read `systems.front()`.
struct Program {
  std::vector<System> systems;
};

}  // namespace slipway::model
