// IAM statement atoms and the per-environment comparison of two builds.
#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>

#include "cli/diff_model.h"

namespace slipway::cli::diff {

namespace {

std::vector<std::string> strings(const nlohmann::json& j) {
  std::vector<std::string> out;
  if (j.is_string()) out.push_back(j.get<std::string>());
  if (j.is_array()) {
    for (const auto& e : j) {
      if (e.is_string()) out.push_back(e.get<std::string>());
    }
  }
  return out;
}

std::vector<std::string> principals(const nlohmann::json& p) {
  if (p.is_null()) return {""};
  if (p.is_string()) return {p.get<std::string>()};
  std::vector<std::string> out;
  for (const auto& [kind, v] : p.items()) {
    for (const auto& s : strings(v)) out.push_back(kind + ":" + s);
  }
  return out.empty() ? std::vector<std::string>{""} : out;
}

// Attributes whose change makes Terraform destroy and re-create the resource.
const std::map<std::string, std::set<std::string>>& force_new() {
  static const std::map<std::string, std::set<std::string>> kTable = {
      {"aws_dynamodb_table", {"name", "hash_key", "range_key"}},
      {"aws_lambda_function", {"function_name"}},
      {"aws_lambda_permission", {"statement_id", "action", "function_name", "principal", "source_arn", "source_account", "qualifier"}},
      {"aws_lambda_event_source_mapping", {"event_source_arn", "starting_position"}},
      {"aws_sqs_queue", {"name", "fifo_queue"}},
      {"aws_sns_topic", {"name", "fifo_topic"}},
      {"aws_sns_topic_subscription", {"topic_arn", "protocol", "endpoint"}},
      {"aws_s3_bucket", {"bucket"}},
      {"aws_cloudwatch_event_bus", {"name"}},
      {"aws_cloudwatch_event_archive", {"name", "event_source_arn"}},
      {"aws_cloudwatch_event_rule", {"name", "event_bus_name"}},
      {"aws_cloudwatch_event_target", {"rule", "target_id", "event_bus_name"}},
      {"aws_sfn_state_machine", {"name", "type"}},
      {"aws_iam_role", {"name", "path"}},
      {"aws_iam_role_policy", {"name", "role"}},
      {"aws_iam_policy", {"name", "name_prefix", "path", "description"}},
      {"aws_iam_role_policy_attachment", {"role", "policy_arn"}},
      {"aws_cloudwatch_log_group", {"name"}},
      {"aws_apigatewayv2_api", {"protocol_type"}},
      {"aws_apigatewayv2_stage", {"api_id", "name"}},
      {"aws_scheduler_schedule", {"name", "group_name"}},
      {"aws_scheduler_schedule_group", {"name"}},
      {"aws_secretsmanager_secret", {"name"}},
      {"aws_ssm_parameter", {"name"}},
      {"aws_cloudwatch_metric_alarm", {}},
  };
  return kTable;
}

bool glob(const std::string& pattern, const std::string& value) {
  // IAM wildcards: '*' any run, '?' one character.
  std::size_t p = 0, v = 0, star = std::string::npos, mark = 0;
  while (v < value.size()) {
    if (p < pattern.size() && (pattern[p] == '?' || pattern[p] == value[v])) {
      ++p;
      ++v;
    } else if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      mark = v;
    } else if (star != std::string::npos) {
      p = star + 1;
      v = ++mark;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

// Whether the old condition is at most as strict as the new one: every old condition operator/key
// appears in the new one with the same values.
bool condition_covers(const std::string& old_c, const std::string& new_c) {
  if (old_c.empty() || old_c == new_c) return true;
  if (new_c.empty()) return false;
  auto o = nlohmann::json::parse(old_c, nullptr, false), n = nlohmann::json::parse(new_c, nullptr, false);
  if (!o.is_object() || !n.is_object()) return false;
  for (const auto& [op, keys] : o.items()) {
    if (!n.contains(op) || !keys.is_object()) return false;
    for (const auto& [k, v] : keys.items()) {
      if (!n[op].contains(k) || n[op][k] != v) return false;
    }
  }
  return true;
}

std::string env_of(const std::string& path, const std::string& top) {
  if (path.rfind(top + "/", 0) != 0) return "";
  auto rest = path.substr(top.size() + 1);
  auto slash = rest.find('/');
  return slash == std::string::npos ? "" : rest.substr(0, slash);
}

struct EnvFiles {
  Resources resources;
  std::set<Atom> atoms;
};

void load(const base::OutputSet& files, std::map<std::string, EnvFiles>& by_env) {
  for (const auto& [path, f] : files) {
    if (std::string env = env_of(path, "terraform"); !env.empty() && path.size() > 3 &&
                                                      path.compare(path.size() - 3, 3, ".tf") == 0) {
      parse_terraform(f.content, by_env[env].resources);
    } else if (std::string ienv = env_of(path, "iam"); !ienv.empty() && path.size() > 5 &&
                                                       path.compare(path.size() - 5, 5, ".json") == 0) {
      std::string name = path.substr(path.rfind('/') + 1);
      name = name.substr(0, name.size() - 5);
      for (auto& a : parse_policy(name, f.content)) by_env[ienv].atoms.insert(std::move(a));
    }
  }
}

std::string atom_text(const Atom& a) {
  std::string s = a.policy + ": " + a.effect + " " + a.action + " on " + a.resource;
  if (!a.principal.empty()) s += " to " + a.principal;
  if (!a.condition.empty()) s += " when " + a.condition;
  return s;
}

// What changed in a state machine definition, by state name.
std::string describe_asl_change(const std::string& before, const std::string& after) {
  auto o = nlohmann::json::parse(before, nullptr, false), n = nlohmann::json::parse(after, nullptr, false);
  if (!o.is_object() || !n.is_object() || !o.contains("States") || !n.contains("States")) return "definition changed";
  std::string added, removed, changed;
  auto add = [](std::string& list, const std::string& name) { list += (list.empty() ? "" : ", ") + name; };
  for (const auto& [name, st] : n["States"].items()) {
    if (!o["States"].contains(name)) add(added, name);
    else if (o["States"][name] != st) add(changed, name);
  }
  for (const auto& [name, st] : o["States"].items()) {
    if (!n["States"].contains(name)) add(removed, name);
  }
  std::string out;
  if (!added.empty()) out += "states added: " + added;
  if (!removed.empty()) out += std::string(out.empty() ? "" : "; ") + "states removed: " + removed;
  if (!changed.empty()) out += std::string(out.empty() ? "" : "; ") + "states changed: " + changed;
  if (out.empty()) out = "top-level fields changed";
  return out;
}

}  // namespace

std::vector<Atom> parse_policy(const std::string& policy, const std::string& json_text) {
  std::vector<Atom> out;
  auto doc = nlohmann::json::parse(json_text, nullptr, false);
  if (!doc.is_object() || !doc.contains("Statement")) return out;
  auto stmts = doc["Statement"];
  if (stmts.is_object()) stmts = nlohmann::json::array({stmts});
  for (const auto& s : stmts) {
    if (!s.is_object()) continue;
    std::string effect = s.value("Effect", "Allow");
    std::string cond = s.contains("Condition") ? s["Condition"].dump() : "";
    auto actions = strings(s.value("Action", nlohmann::json()));
    for (const auto& na : strings(s.value("NotAction", nlohmann::json()))) actions.push_back("NOT " + na);
    auto resources = strings(s.value("Resource", nlohmann::json()));
    for (const auto& nr : strings(s.value("NotResource", nlohmann::json()))) resources.push_back("NOT " + nr);
    if (resources.empty()) resources.push_back("");  // trust policies name no resource
    for (const auto& p : principals(s.value("Principal", nlohmann::json()))) {
      for (const auto& a : actions) {
        for (const auto& r : resources) out.push_back({policy, effect, p, a, r, cond});
      }
    }
  }
  return out;
}

std::vector<EnvDiff> compare(const base::OutputSet& before, const base::OutputSet& after, const std::string& only) {
  std::map<std::string, EnvFiles> old_env, new_env;
  load(before, old_env);
  load(after, new_env);
  std::set<std::string> envs;
  for (const auto& [e, _] : old_env) envs.insert(e);
  for (const auto& [e, _] : new_env) envs.insert(e);
  std::vector<EnvDiff> out;
  for (const auto& env : envs) {
    if (!only.empty() && env != only) continue;
    EnvDiff d;
    d.env = env;
    const EnvFiles& o = old_env[env];
    const EnvFiles& n = new_env[env];
    std::set<std::string> addresses;
    for (const auto& [a, _] : o.resources) addresses.insert(a);
    for (const auto& [a, _] : n.resources) addresses.insert(a);
    for (const auto& addr : addresses) {
      auto oi = o.resources.find(addr);
      auto ni = n.resources.find(addr);
      if (oi == o.resources.end()) {
        d.resources.push_back({ResourceChange::Kind::Added, addr, {}});
        continue;
      }
      if (ni == n.resources.end()) {
        d.resources.push_back({ResourceChange::Kind::Removed, addr, {}});
        continue;
      }
      std::string type = addr.substr(0, addr.find('.'));
      auto fn = force_new().find(type);
      ResourceChange rc{ResourceChange::Kind::Changed, addr, {}};
      std::set<std::string> keys;
      for (const auto& [k, _] : oi->second) keys.insert(k);
      for (const auto& [k, _] : ni->second) keys.insert(k);
      for (const auto& k : keys) {
        auto ov = oi->second.count(k) ? oi->second.at(k) : "";
        auto nv = ni->second.count(k) ? ni->second.at(k) : "";
        if (ov == nv) continue;
        bool replace = fn != force_new().end() && fn->second.count(k) > 0;
        if (replace) rc.kind = ResourceChange::Kind::Replaced;
        rc.attributes.push_back({k, ov, nv, replace});
      }
      if (type == "aws_sfn_state_machine") {
        // The definition lives in statemachines/<name>.asl.json, read through templatefile().
        std::string file = "statemachines/" + addr.substr(addr.find('.') + 1) + ".asl.json";
        auto ob = before.find(file), na = after.find(file);
        if (ob != before.end() && na != after.end() && ob->second.content != na->second.content) {
          rc.attributes.push_back({"definition (" + file + ")", "previous definition", describe_asl_change(ob->second.content, na->second.content), false});
        }
      }
      if (!rc.attributes.empty()) d.resources.push_back(std::move(rc));
    }
    std::set_difference(n.atoms.begin(), n.atoms.end(), o.atoms.begin(), o.atoms.end(), std::back_inserter(d.added));
    std::set_difference(o.atoms.begin(), o.atoms.end(), n.atoms.begin(), n.atoms.end(), std::back_inserter(d.removed));
    for (const auto& a : d.added) {
      if (a.effect != "Allow") continue;
      bool covered = std::any_of(o.atoms.begin(), o.atoms.end(), [&](const Atom& b) {
        return b.effect == "Allow" && b.policy == a.policy && glob(b.principal, a.principal) &&
               glob(b.action, a.action) && glob(b.resource, a.resource) && condition_covers(b.condition, a.condition);
      });
      if (!covered) d.broadening.push_back("allows " + atom_text(a));
    }
    for (const auto& r : d.removed) {
      if (r.effect == "Deny" && !n.atoms.count(r)) d.broadening.push_back("no longer denies " + atom_text(r));
    }
    out.push_back(std::move(d));
  }
  return out;
}

}  // namespace slipway::cli::diff
