#include <map>
#include <set>

#include "lower/internal.h"

namespace slipway::lower {

namespace {
const std::map<std::string, std::set<std::string>>& ref_kinds() {
  static const std::map<std::string, std::set<std::string>> k = {
      {"flags", {""}},
      {"buckets", {"name", "arn"}},
      {"tables", {"name", "arn", "stream_arn"}},
      {"queues", {"name", "arn", "url"}},
      {"topics", {"name", "arn"}},
      {"secrets", {"name", "arn"}},
      {"parameters", {"name", "arn"}},
      {"buses", {"name", "arn"}},
      {"handlers", {"name", "arn"}},
      {"workflows", {"name", "arn"}},
      {"schedules", {"name", "arn"}},
  };
  return k;
}

std::vector<std::string> keys_of(const std::map<std::string, std::set<std::string>>& m) {
  std::vector<std::string> out;
  for (const auto& [k, v] : m) out.push_back(k);
  return out;
}
}  // namespace

model::Text lower_text(const Node& n, const std::string& what, base::Diagnostics& d) {
  model::Text t;
  t.span = n.span;
  if (!n.is_scalar()) {
    if (n.is_null()) {
      t.parts.push_back({"", std::nullopt});
      return t;
    }
    wrong_type(n, what, "a string", d);
    return t;
  }
  const std::string& s = n.value;
  std::string lit;
  std::size_t i = 0;
  while (i < s.size()) {
    if (s.compare(i, 3, "$${") == 0) {
      lit += "${";
      i += 3;
      continue;
    }
    if (s.compare(i, 2, "${") != 0) {
      lit += s[i++];
      continue;
    }
    std::size_t close = s.find('}', i);
    if (close == std::string::npos) {
      d.error("bad-reference", n.span, what + ": '${' is not closed")
          .fix = "write '$${' for a literal '${', or close the reference with '}'";
      lit += s.substr(i);
      break;
    }
    std::string body = s.substr(i + 2, close - i - 2);
    i = close + 1;
    std::vector<std::string> parts;
    std::size_t start = 0;
    while (true) {
      std::size_t dot = body.find('.', start);
      parts.push_back(body.substr(start, dot == std::string::npos ? std::string::npos : dot - start));
      if (dot == std::string::npos) break;
      start = dot + 1;
    }
    auto kind = ref_kinds().find(parts[0]);
    if (kind == ref_kinds().end()) {
      auto& diag = d.error("bad-reference", n.span, what + ": '${" + body + "}' refers to no known kind of thing");
      diag.fix = base::did_you_mean(parts[0], keys_of(ref_kinds()));
      if (diag.fix.empty()) diag.fix = "references look like ${flags.NAME}, ${tables.NAME.name} or ${queues.NAME.url}; write '$${' for a literal '${'";
      continue;
    }
    model::Ref ref;
    ref.kind = parts[0];
    if (ref.kind == "flags") {
      if (parts.size() != 2) {
        d.error("bad-reference", n.span, what + ": write a flag reference as ${flags.NAME}");
        continue;
      }
      ref.name = parts[1];
    } else {
      if (parts.size() != 3 || !kind->second.count(parts[2])) {
        std::string attrs;
        for (const auto& a : kind->second) attrs += (attrs.empty() ? "" : ", ") + a;
        d.error("bad-reference", n.span,
                what + ": '${" + body + "}' must name an attribute: ${" + ref.kind + ".NAME.ATTR} with ATTR one of " + attrs);
        continue;
      }
      ref.name = parts[1];
      ref.attr = parts[2];
    }
    if (!lit.empty()) t.parts.push_back({lit, std::nullopt});
    lit.clear();
    t.parts.push_back({"", ref});
  }
  if (!lit.empty() || t.parts.empty()) t.parts.push_back({lit, std::nullopt});
  return t;
}

std::optional<model::Toggle> lower_toggle(const Node& n, const std::string& what, base::Diagnostics& d) {
  if (n.is_scalar() && !n.plain && n.value.rfind("${", 0) != 0) {
    wrong_type(n, what, "true, false or \"${flags.NAME}\"", d);
    return std::nullopt;
  }
  if (n.is_scalar() && n.value.rfind("${", 0) == 0) {
    model::Text t = lower_text(n, what, d);
    if (t.parts.size() == 1 && t.parts[0].ref && t.parts[0].ref->kind == "flags") {
      model::Toggle tg;
      tg.flag = t.parts[0].ref->name;
      tg.span = n.span;
      return tg;
    }
    d.error("bad-reference", n.span, what + " must be true, false or \"${flags.NAME}\"");
    return std::nullopt;
  }
  auto b = as_bool(n, what, d);
  if (!b) return std::nullopt;
  model::Toggle tg;
  tg.value = *b;
  tg.span = n.span;
  return tg;
}

}  // namespace slipway::lower
