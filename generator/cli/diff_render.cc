// Text, Markdown (for a pull-request comment) and JSON renderings of a diff.
#include <nlohmann/json.hpp>

#include "cli/diff_model.h"

namespace slipway::cli::diff {

namespace {

const char* kind_word(ResourceChange::Kind k) {
  switch (k) {
    case ResourceChange::Kind::Added: return "added";
    case ResourceChange::Kind::Removed: return "removed";
    case ResourceChange::Kind::Replaced: return "replaced";
    case ResourceChange::Kind::Changed: return "changed";
  }
  return "";
}
const char* kind_sign(ResourceChange::Kind k) {
  switch (k) {
    case ResourceChange::Kind::Added: return "+";
    case ResourceChange::Kind::Removed: return "-";
    case ResourceChange::Kind::Replaced: return "-/+";
    case ResourceChange::Kind::Changed: return "~";
  }
  return "";
}

std::string shorten(const std::string& s, std::size_t n = 100) {
  return s.size() > n ? s.substr(0, n - 3) + "..." : s;
}

std::string md(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '|') out += "\\|";
    else if (c == '\n') out += "<br>";
    else out += c;
  }
  return out;
}

std::string code(const std::string& s) { return s.empty() ? "—" : "`" + md(s) + "`"; }

std::string counts(const EnvDiff& d) {
  int add = 0, rem = 0, rep = 0, chg = 0;
  for (const auto& r : d.resources) {
    (r.kind == ResourceChange::Kind::Added ? add : r.kind == ResourceChange::Kind::Removed ? rem
                                                : r.kind == ResourceChange::Kind::Replaced ? rep : chg)++;
  }
  return std::to_string(add) + " to add, " + std::to_string(chg) + " to change, " + std::to_string(rep) +
         " to replace, " + std::to_string(rem) + " to destroy; IAM: " + std::to_string(d.added.size()) +
         " permission(s) added, " + std::to_string(d.removed.size()) + " removed";
}

}  // namespace

std::string render_text(const std::vector<EnvDiff>& diffs) {
  std::string out;
  for (const auto& d : diffs) {
    out += "environment " + d.env + ": " + counts(d) + "\n";
    for (const auto& b : d.broadening) out += "  ! broadens: " + b + "\n";
    for (const auto& a : d.added) {
      out += "  iam + " + a.policy + ": " + a.effect + " " + a.action + " " + a.resource +
             (a.principal.empty() ? "" : " principal " + a.principal) + (a.condition.empty() ? "" : " if " + a.condition) + "\n";
    }
    for (const auto& a : d.removed) {
      out += "  iam - " + a.policy + ": " + a.effect + " " + a.action + " " + a.resource +
             (a.principal.empty() ? "" : " principal " + a.principal) + (a.condition.empty() ? "" : " if " + a.condition) + "\n";
    }
    for (const auto& r : d.resources) {
      out += "  " + std::string(kind_sign(r.kind)) + " " + r.address + "\n";
      for (const auto& a : r.attributes) {
        out += "      " + a.name + ": " + shorten(a.before.empty() ? "(none)" : a.before) + " -> " +
               shorten(a.after.empty() ? "(none)" : a.after) + (a.forces_replacement ? "  # forces replacement" : "") + "\n";
      }
    }
  }
  if (diffs.empty()) out = "no generated infrastructure\n";
  return out;
}

std::string render_markdown(const std::vector<EnvDiff>& diffs) {
  std::string out = "## slipway diff\n\n";
  bool any_broad = false;
  for (const auto& d : diffs) any_broad = any_broad || !d.broadening.empty();
  if (any_broad) out += "> [!WARNING]\n> This change broadens IAM permissions. Review the IAM tables below.\n\n";
  for (const auto& d : diffs) {
    out += "### Environment `" + d.env + "`\n\n" + counts(d) + "\n\n";
    if (!d.added.empty() || !d.removed.empty()) {
      out += "#### IAM\n\n| | Policy | Effect | Principal | Action | Resource | Condition |\n|---|---|---|---|---|---|---|\n";
      auto row = [&](const char* sign, const Atom& a) {
        out += std::string("| ") + sign + " | " + code(a.policy) + " | " + a.effect + " | " + code(a.principal) + " | " +
               code(a.action) + " | " + code(a.resource) + " | " + code(a.condition) + " |\n";
      };
      for (const auto& a : d.added) row("➕", a);
      for (const auto& a : d.removed) row("➖", a);
      out += "\n";
      for (const auto& b : d.broadening) out += "- ⚠️ broadens: " + md(b) + "\n";
      if (!d.broadening.empty()) out += "\n";
    }
    if (!d.resources.empty()) {
      out += "#### Resources\n\n| | Address | Change | Attributes |\n|---|---|---|---|\n";
      for (const auto& r : d.resources) {
        std::string attrs;
        for (const auto& a : r.attributes) {
          attrs += (attrs.empty() ? "" : "<br>") + code(a.name) + ": " + code(shorten(a.before, 60)) + " → " +
                   code(shorten(a.after, 60)) + (a.forces_replacement ? " **(forces replacement)**" : "");
        }
        out += std::string("| ") + kind_sign(r.kind) + " | " + code(r.address) + " | " + kind_word(r.kind) + " | " +
               (attrs.empty() ? "—" : attrs) + " |\n";
      }
      out += "\n";
    }
  }
  return out;
}

std::string render_json(const std::vector<EnvDiff>& diffs) {
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  auto atom = [](const Atom& a) {
    return nlohmann::ordered_json{{"policy", a.policy}, {"effect", a.effect}, {"principal", a.principal},
                                  {"action", a.action}, {"resource", a.resource}, {"condition", a.condition}};
  };
  for (const auto& d : diffs) {
    nlohmann::ordered_json e = {{"environment", d.env}};
    e["resources"] = nlohmann::ordered_json::array();
    for (const auto& r : d.resources) {
      nlohmann::ordered_json rj = {{"address", r.address}, {"change", kind_word(r.kind)}};
      rj["attributes"] = nlohmann::ordered_json::array();
      for (const auto& a : r.attributes) {
        rj["attributes"].push_back(
            {{"name", a.name}, {"before", a.before}, {"after", a.after}, {"forces_replacement", a.forces_replacement}});
      }
      e["resources"].push_back(rj);
    }
    e["iam_added"] = nlohmann::ordered_json::array();
    for (const auto& a : d.added) e["iam_added"].push_back(atom(a));
    e["iam_removed"] = nlohmann::ordered_json::array();
    for (const auto& a : d.removed) e["iam_removed"].push_back(atom(a));
    e["broadening"] = d.broadening;
    out.push_back(e);
  }
  return out.dump(2) + "\n";
}

}  // namespace slipway::cli::diff
