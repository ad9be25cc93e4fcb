// Flattens a workflow's nested steps into ASL states with Next/End, one scope per state machine,
// Parallel branch and Map item processor.
#include <map>

#include "derive/naming.h"
#include "derive/workflow.h"
#include "emit/asl/asl.h"

namespace slipway::emit::asl {

namespace {

using model::Step;
using model::StepKind;
using Cont = std::optional<std::string>;  // the state that follows; nullopt = End

struct Where {
  bool top = true;       // in the state machine's own scope (not a branch or an item processor)
  bool handler = false;  // in the steps of the workflow-wide catch
};

bool is_path_text(const model::Json& v) {
  return v.is_string() && !v.get_ref<const std::string&>().empty() && v.get_ref<const std::string&>()[0] == '$';
}

std::string ph(std::string_view kind, std::string_view name, std::string_view attr) {
  return "${" + derive::placeholder(kind, name, attr) + "}";
}

// `key` or `key.$` holding the value: the whole state when absent, a path, or a template.
void put_value(OJson& params, const std::string& key, const model::Json& v) {
  if (v.is_null()) {
    params[key + ".$"] = "$";
  } else if (is_path_text(v)) {
    params[key + ".$"] = v.get<std::string>();
  } else {
    params[key] = template_json(v);
  }
}

class Flattener {
 public:
  Flattener(const model::System& system, const model::Workflow& workflow) : system_(system), workflow_(workflow) {
    derive::for_each_step(workflow, [&](const Step& s) { by_name_.emplace(s.name, &s); });
    if (const model::Event* e = system.event(workflow.input_event)) {
      if (e->detail) shape_.input = e->detail.get();
    }
  }

  OJson run() {
    OJson def = OJson::object();
    if (!workflow_.description.empty()) def["Comment"] = derive::template_text(workflow_.description);
    OJson states = OJson::object();
    for (const auto& c : workflow_.catches) {
      if (!c.steps.empty()) handler_entries_.push_back(entry(c.steps.front()));
    }
    DataShape shape = shape_;
    Cont start = emit_list(workflow_.steps, states, std::nullopt, shape, Where{});
    DataShape unknown;
    for (const auto& c : workflow_.catches) emit_list(c.steps, states, std::nullopt, unknown, Where{true, true});
    def["StartAt"] = start.value_or("");
    def["States"] = std::move(states);
    if (workflow_.timeout_seconds) def["TimeoutSeconds"] = *workflow_.timeout_seconds;
    return def;
  }

 private:
  // The state that runs when control reaches `s` (a goto has no state of its own).
  std::string entry(const Step& s) const {
    const Step* cur = &s;
    for (std::size_t hops = 0; cur->kind == StepKind::Goto && hops <= by_name_.size(); ++hops) {
      auto it = by_name_.find(cur->target);
      if (it == by_name_.end()) return cur->target;
      cur = it->second;
    }
    return cur->name;
  }
  std::string target(const std::string& name) const {
    auto it = by_name_.find(name);
    return it == by_name_.end() ? name : entry(*it->second);
  }

  Cont emit_list(const std::vector<Step>& steps, OJson& states, Cont cont, DataShape& shape, Where where) {
    for (std::size_t i = 0; i < steps.size(); ++i) {
      const Cont next = i + 1 < steps.size() ? Cont(entry(steps[i + 1])) : cont;
      emit_step(steps[i], states, next, shape, where);
    }
    return steps.empty() ? cont : Cont(entry(steps.front()));
  }

  // A scope of its own: {StartAt, States}.
  OJson scope(const std::vector<Step>& steps, DataShape shape) {
    OJson states = OJson::object();
    Cont start = emit_list(steps, states, std::nullopt, shape, Where{false, false});
    OJson out = OJson::object();
    out["StartAt"] = start.value_or("");
    out["States"] = std::move(states);
    return out;
  }

  void emit_step(const Step& s, OJson& states, const Cont& next, DataShape& shape, Where where) {
    if (s.kind == StepKind::Goto) return;
    OJson st = OJson::object();
    switch (s.kind) {
      case StepKind::Invoke: invoke(s, st); break;
      case StepKind::Parallel: {
        st["Type"] = "Parallel";
        OJson branches = OJson::array();
        for (const auto& b : s.branches) branches.push_back(scope(b, shape));
        st["Branches"] = std::move(branches);
        break;
      }
      case StepKind::Map: {
        st["Type"] = "Map";
        if (!s.items_path.empty()) st["ItemsPath"] = s.items_path;
        if (!s.payload.is_null()) st["ItemSelector"] = template_json(s.payload);
        if (s.max_concurrency > 0) st["MaxConcurrency"] = s.max_concurrency;
        OJson proc = OJson::object();
        proc["ProcessorConfig"] = OJson{{"Mode", "INLINE"}};
        OJson inner = scope(s.iterator, DataShape{});
        proc["StartAt"] = inner["StartAt"];
        proc["States"] = inner["States"];
        st["ItemProcessor"] = std::move(proc);
        break;
      }
      case StepKind::Choice: choice(s, states, st, next, shape, where); return;
      case StepKind::Wait:
        st["Type"] = "Wait";
        if (s.wait_seconds) st["Seconds"] = *s.wait_seconds;
        else st["TimestampPath"] = s.wait_until_path;
        break;
      case StepKind::Pass: pass(s, st); break;
      case StepKind::Succeed: st["Type"] = "Succeed"; break;
      case StepKind::Fail:
        st["Type"] = "Fail";
        if (!s.error.empty()) st["Error"] = derive::template_text(s.error);
        if (!s.cause.empty()) st["Cause"] = derive::template_text(s.cause);
        break;
      case StepKind::Emit: emit_event(s, st); break;
      case StepKind::Publish: publish(s, st); break;
      case StepKind::Send: send(s, st); break;
      case StepKind::DynamoDb: dynamodb(s, st, shape); break;
      case StepKind::Start: start(s, st); break;
      case StepKind::Raw: raw(s, st, next); break;
      case StepKind::Goto: return;
    }
    if (s.kind != StepKind::Raw) shaping(s, st);
    errors(s, st, states, next, where);
    if (s.kind != StepKind::Raw && s.kind != StepKind::Succeed && s.kind != StepKind::Fail) {
      if (next) st["Next"] = *next;
      else st["End"] = true;
    }
    states[s.name] = canonical_state(st);
    emit_handlers(s, states, next, where);
    update_shape(s, shape);
  }

  // InputPath, ResultPath and OutputPath, unless the kind set them already.
  void shaping(const Step& s, OJson& st) const {
    if (!s.input_path.empty() && !st.contains("InputPath")) st["InputPath"] = s.input_path;
    const bool can_result = st["Type"] == "Task" || st["Type"] == "Parallel" || st["Type"] == "Map" ||
                            st["Type"] == "Pass";
    if (can_result && !st.contains("ResultPath")) {
      if (s.result_path == "null") {
        st["ResultPath"] = nullptr;
      } else if (!s.result_path.empty() && s.result_path != "$") {
        st["ResultPath"] = s.result_path;
      } else if (s.result_path.empty() && st["Type"] == "Task" && !derive::step_yields_value(s)) {
        st["ResultPath"] = nullptr;  // emit, publish, send, writes, async start: keep the input
      }
    }
    if (!s.output_path.empty() && !st.contains("OutputPath") && st["Type"] != "Fail") st["OutputPath"] = s.output_path;
  }

  void errors(const Step& s, OJson& st, OJson&, const Cont&, Where where) const {
    const std::string type = st["Type"];
    if (type != "Task" && type != "Parallel" && type != "Map") return;
    if (s.kind == StepKind::Raw) {
      if (!st.contains("Catch") && where.top && !where.handler) add_workflow_catch(st);
      return;
    }
    OJson retry = OJson::array();
    if (s.retry_given) {
      for (const auto& r : s.retry) retry.push_back(retrier(r));
    } else if (type == "Task") {
      if (s.kind == StepKind::Invoke) retry.push_back(lambda_retrier());
      for (const auto& r : workflow_.retry) retry.push_back(retrier(r));
    }
    if (!retry.empty()) st["Retry"] = std::move(retry);
    OJson catches = OJson::array();
    bool catches_all = false;
    for (const auto& c : s.catches) {
      OJson e = OJson::object();
      e["ErrorEquals"] = c.errors.empty() ? std::vector<std::string>{"States.ALL"} : c.errors;
      for (const auto& err : c.errors) catches_all = catches_all || err == "States.ALL";
      catches_all = catches_all || c.errors.empty();
      if (!c.result_path.empty()) e["ResultPath"] = c.result_path == "null" ? OJson(nullptr) : OJson(c.result_path);
      e["Next"] = !c.goto_step.empty() ? target(c.goto_step) : c.steps.empty() ? std::string() : entry(c.steps.front());
      catches.push_back(std::move(e));
    }
    if (!catches.empty()) st["Catch"] = std::move(catches);
    if (where.top && !where.handler && !catches_all) add_workflow_catch(st);
  }

  void add_workflow_catch(OJson& st) const {
    if (workflow_.catches.empty()) return;
    OJson catches = st.contains("Catch") ? st["Catch"] : OJson::array();
    std::size_t entry_index = 0;
    for (const auto& c : workflow_.catches) {
      OJson e = OJson::object();
      e["ErrorEquals"] = c.errors.empty() ? std::vector<std::string>{"States.ALL"} : c.errors;
      if (!c.result_path.empty()) e["ResultPath"] = c.result_path == "null" ? OJson(nullptr) : OJson(c.result_path);
      if (!c.goto_step.empty()) {
        e["Next"] = target(c.goto_step);
      } else if (!c.steps.empty()) {
        e["Next"] = handler_entries_.at(entry_index++);
      } else {
        continue;
      }
      catches.push_back(std::move(e));
    }
    st["Catch"] = std::move(catches);
  }

  // Catch steps of a step: flattened into the same scope; when they end, the workflow goes on after the
  // step that failed (like the code after a try/catch).
  void emit_handlers(const Step& s, OJson& states, const Cont& next, Where where) {
    for (const auto& c : s.catches) {
      DataShape unknown;
      emit_list(c.steps, states, next, unknown, where);
    }
  }

  void choice(const Step& s, OJson& states, OJson& st, const Cont& next, DataShape& shape, Where where) {
    st["Type"] = "Choice";
    if (!s.input_path.empty()) st["InputPath"] = s.input_path;
    std::string done;  // a Succeed state, when a path out of the choice must end the scope
    auto follow = [&](const std::vector<Step>& steps) -> std::string {
      if (!steps.empty()) return entry(steps.front());
      if (next) return *next;
      done = s.name + "_done";
      return done;
    };
    OJson rules = OJson::array();
    for (const auto& b : s.choices) {
      OJson rule = choice_rule(b.condition, shape);
      rule["Next"] = follow(b.steps);
      rules.push_back(std::move(rule));
    }
    st["Choices"] = std::move(rules);
    st["Default"] = follow(s.otherwise ? *s.otherwise : std::vector<Step>{});
    if (!s.output_path.empty()) st["OutputPath"] = s.output_path;
    states[s.name] = canonical_state(st);
    DataShape after = shape;
    bool replaced = false;
    for (const auto& b : s.choices) {
      DataShape branch = shape;
      emit_list(b.steps, states, next, branch, where);
      replaced = replaced || branch.input == nullptr;
      after.added.insert(branch.added.begin(), branch.added.end());
    }
    if (s.otherwise) {
      DataShape branch = shape;
      emit_list(*s.otherwise, states, next, branch, where);
      replaced = replaced || branch.input == nullptr;
      after.added.insert(branch.added.begin(), branch.added.end());
    }
    if (!done.empty()) states[done] = OJson{{"Type", "Succeed"}};
    if (replaced || !s.output_path.empty()) after.input = nullptr;
    shape = std::move(after);
  }

  void invoke(const Step& s, OJson& st) const {
    st["Type"] = "Task";
    const bool into_path = !s.result_path.empty() && s.result_path != "$" && s.result_path != "null";
    const bool literal_payload = !s.payload.is_null() && !s.payload.is_object() && !is_path_text(s.payload);
    if (into_path && !literal_payload) {
      // The function's ARN as the Resource: the task's result is exactly the function's response, so the
      // result path holds it as it is.
      st["Resource"] = ph("handler", s.target, "arn");
      if (is_path_text(s.payload)) {
        const std::string p = s.payload.get<std::string>();
        st["InputPath"] = s.input_path.empty() || p == "$" ? p : s.input_path + p.substr(1);
      } else if (s.payload.is_object()) {
        st["Parameters"] = template_json(s.payload);
      }
      return;
    }
    st["Resource"] = "arn:aws:states:::lambda:invoke";
    OJson params = OJson::object();
    params["FunctionName"] = ph("handler", s.target, "arn");
    put_value(params, "Payload", s.payload);
    st["Parameters"] = std::move(params);
    if (into_path) {
      st["ResultSelector"] = OJson{{"Payload.$", "$.Payload"}};
    } else if (s.result_path != "null") {
      // The result replaces the state: keep only the function's response.
      st["OutputPath"] = "$.Payload" + (s.output_path.empty() ? std::string() : s.output_path.substr(1));
    }
    task_timing(s, st);
  }

  void task_timing(const Step& s, OJson& st) const {
    if (s.timeout_seconds) st["TimeoutSeconds"] = *s.timeout_seconds;
    if (s.heartbeat_seconds) st["HeartbeatSeconds"] = *s.heartbeat_seconds;
  }

  void pass(const Step& s, OJson& st) const {
    st["Type"] = "Pass";
    if (s.payload.is_null()) return;
    bool has_paths = false;
    std::function<void(const model::Json&)> scan = [&](const model::Json& j) {
      if (!j.is_object()) return;
      for (const auto& [k, v] : j.items()) {
        has_paths = has_paths || (k.size() > 2 && k.substr(k.size() - 2) == ".$");
        scan(v);
      }
    };
    scan(s.payload);
    st[has_paths ? "Parameters" : "Result"] = template_json(s.payload);
  }

  void emit_event(const Step& s, OJson& st) const {
    st["Type"] = "Task";
    st["Resource"] = "arn:aws:states:::events:putEvents";
    const model::Event* e = system_.event(s.target);
    OJson entry = OJson::object();
    entry["Source"] = e ? e->source : s.target;
    entry["DetailType"] = e ? e->detail_type : s.target;
    entry["EventBusName"] = ph("bus", e ? e->bus : "default", "name");
    put_value(entry, "Detail", s.payload);
    st["Parameters"] = OJson{{"Entries", OJson::array({entry})}};
    task_timing(s, st);
  }

  void fifo_fields(OJson& params) const {
    params["MessageGroupId"] = workflow_.name;
    params["MessageDeduplicationId.$"] = "States.UUID()";
  }

  void publish(const Step& s, OJson& st) const {
    st["Type"] = "Task";
    st["Resource"] = "arn:aws:states:::sns:publish";
    OJson params = OJson::object();
    params["TopicArn"] = ph("topic", s.target, "arn");
    put_value(params, "Message", s.payload);
    const model::Topic* t = system_.topic(s.target);
    if (t && t->fifo) fifo_fields(params);
    st["Parameters"] = std::move(params);
    task_timing(s, st);
  }

  void send(const Step& s, OJson& st) const {
    st["Type"] = "Task";
    st["Resource"] = "arn:aws:states:::sqs:sendMessage";
    OJson params = OJson::object();
    params["QueueUrl"] = ph("queue", s.target, "url");
    put_value(params, "MessageBody", s.payload);
    const model::Queue* q = system_.queue(s.target);
    if (q && q->fifo) fifo_fields(params);
    st["Parameters"] = std::move(params);
    task_timing(s, st);
  }

  void dynamodb(const Step& s, OJson& st, const DataShape& shape) const {
    static const std::map<std::string, std::string> kActions = {
        {"get", "getItem"}, {"put", "putItem"}, {"update", "updateItem"}, {"delete", "deleteItem"}};
    auto action = kActions.find(s.dynamodb_op);
    st["Type"] = "Task";
    st["Resource"] = "arn:aws:states:::dynamodb:" + (action == kActions.end() ? s.dynamodb_op : action->second);
    std::map<std::string, std::string> key_types;
    if (const model::Table* t = system_.table(s.target)) {
      key_types[t->partition.name] = t->partition.type;
      if (t->sort) key_types[t->sort->name] = t->sort->type;
    }
    OJson params = OJson::object();
    params["TableName"] = ph("table", s.target, "name");
    if (!s.key.is_null()) params["Key"] = dynamodb_values(s.key, key_types, shape);
    if (!s.item.is_null()) params["Item"] = dynamodb_values(s.item, key_types, shape);
    if (!s.update_expression.empty()) params["UpdateExpression"] = derive::template_text(s.update_expression);
    if (!s.expression_values.is_null()) {
      params["ExpressionAttributeValues"] = dynamodb_values(s.expression_values, {}, shape);
    }
    st["Parameters"] = std::move(params);
    task_timing(s, st);
  }

  void start(const Step& s, OJson& st) const {
    st["Type"] = "Task";
    st["Resource"] = std::string("arn:aws:states:::states:startExecution") + (s.sync ? ".sync:2" : "");
    OJson params = OJson::object();
    params["StateMachineArn"] = ph("workflow", s.target, "arn");
    put_value(params, "Input", s.payload);
    st["Parameters"] = std::move(params);
    if (s.sync) {
      const bool into_path = !s.result_path.empty() && s.result_path != "$" && s.result_path != "null";
      if (into_path) {
        st["ResultSelector"] = OJson{{"Output.$", "$.Output"}};
      } else if (s.result_path != "null") {
        st["OutputPath"] = "$.Output" + (s.output_path.empty() ? std::string() : s.output_path.substr(1));
      }
    }
    task_timing(s, st);
  }

  void raw(const Step& s, OJson& st, const Cont& next) const {
    st = template_json(s.raw);
    if (!st.is_object()) st = OJson::object();
    const std::string type = st.contains("Type") && st["Type"].is_string() ? st["Type"].get<std::string>() : "";
    if (type == "Choice" || type == "Succeed" || type == "Fail" || st.contains("Next") || st.contains("End")) return;
    if (next) st["Next"] = *next;
    else st["End"] = true;
  }

  // Paths stay checked against the typed input only while every step keeps it.
  static void update_shape(const Step& s, DataShape& shape) {
    const std::string& r = s.result_path;
    bool keeps = s.output_path.empty();
    switch (s.kind) {
      case StepKind::Choice:
      case StepKind::Wait:
      case StepKind::Succeed:
      case StepKind::Fail:
      case StepKind::Goto: break;
      case StepKind::Raw: keeps = false; break;
      case StepKind::Pass: keeps = keeps && (s.payload.is_null() || (r.size() > 2 && r != "null") || r == "null"); break;
      default:
        if (r.empty()) keeps = keeps && !derive::step_yields_value(s);
        else keeps = keeps && r != "$";
    }
    if (!keeps) {
      shape.input = nullptr;
      return;
    }
    if (r.size() > 2 && r.substr(0, 2) == "$.") {
      const std::size_t end = r.find_first_of(".[", 2);
      shape.added.insert(r.substr(2, end == std::string::npos ? std::string::npos : end - 2));
    }
  }

  const model::System& system_;
  const model::Workflow& workflow_;
  std::map<std::string, const Step*> by_name_;
  std::vector<std::string> handler_entries_;
  DataShape shape_;
};

}  // namespace

OJson definition(const model::System& system, const model::Workflow& workflow) {
  return Flattener(system, workflow).run();
}

}  // namespace slipway::emit::asl
