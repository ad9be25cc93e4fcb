// A reader for the Terraform our printer writes: top-level blocks `kind "a" "b" {`, nested blocks
// `name {`, attributes `key = value` whose value may span lines until its brackets close.
#include <vector>

#include "cli/diff_model.h"

namespace slipway::cli::diff {

namespace {

std::string trim(const std::string& s) {
  auto b = s.find_first_not_of(" \t\r");
  if (b == std::string::npos) return "";
  auto e = s.find_last_not_of(" \t\r");
  return s.substr(b, e - b + 1);
}

// Net bracket depth of a line, ignoring brackets inside strings and after a comment.
int depth_change(const std::string& line) {
  int d = 0;
  bool in_str = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    if (in_str) {
      if (c == '\\') ++i;
      else if (c == '"') in_str = false;
      continue;
    }
    if (c == '"') in_str = true;
    else if (c == '#') break;
    else if (c == '{' || c == '[' || c == '(') ++d;
    else if (c == '}' || c == ']' || c == ')') --d;
  }
  return d;
}

std::vector<std::string> labels(const std::string& header) {
  std::vector<std::string> out;
  std::size_t i = 0;
  std::string first;
  while (i < header.size() && header[i] != ' ' && header[i] != '{') first += header[i++];
  out.push_back(first);
  while (i < header.size()) {
    if (header[i] == '"') {
      auto j = header.find('"', i + 1);
      if (j == std::string::npos) break;
      out.push_back(header.substr(i + 1, j - i - 1));
      i = j + 1;
    } else {
      ++i;
    }
  }
  return out;
}

}  // namespace

void parse_terraform(const std::string& text, Resources& out) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start <= text.size()) {
    auto nl = text.find('\n', start);
    if (nl == std::string::npos) nl = text.size();
    lines.push_back(text.substr(start, nl - start));
    start = nl + 1;
  }
  std::string address;
  std::vector<std::string> path;                   // nested block names (with index)
  std::vector<std::map<std::string, int>> counts;  // occurrences of block names per level
  for (std::size_t i = 0; i < lines.size(); ++i) {
    std::string line = trim(lines[i]);
    if (line.empty() || line[0] == '#' || line.rfind("//", 0) == 0) continue;
    if (address.empty()) {
      bool empty_block = line.size() >= 2 && line.compare(line.size() - 2, 2, "{}") == 0;
      if (line.back() != '{' && !empty_block) continue;
      auto l = labels(line);
      if (l[0] == "resource" && l.size() >= 3) address = l[1] + "." + l[2];
      else if (l[0] == "data" && l.size() >= 3) address = "data." + l[1] + "." + l[2];
      else address = l.size() >= 2 ? l[0] + "." + l[1] : l[0];
      out[address];
      if (empty_block) {
        address.clear();
        continue;
      }
      path.clear();
      counts.assign(1, {});
      continue;
    }
    if (line == "}") {
      if (path.empty()) {
        address.clear();
      } else {
        path.pop_back();
        counts.pop_back();
      }
      continue;
    }
    auto eq = line.find(" = ");
    bool is_block = line.back() == '{' && (eq == std::string::npos || line.find('"') < eq);
    if (is_block && eq == std::string::npos) {
      std::string name = trim(line.substr(0, line.size() - 1));
      int n = counts.back()[name]++;
      path.push_back(name + "[" + std::to_string(n) + "]");
      counts.emplace_back();
      continue;
    }
    if (eq == std::string::npos) continue;
    std::string key = trim(line.substr(0, eq));
    std::string value = trim(line.substr(eq + 3));
    int depth = depth_change(value);
    if (value.rfind("<<", 0) == 0) {  // heredoc
      std::string tag = value.substr(value[2] == '-' ? 3 : 2);
      while (++i < lines.size() && trim(lines[i]) != tag) value += "\n" + trim(lines[i]);
      value += "\n" + tag;
    } else {
      while (depth > 0 && ++i < lines.size()) {
        std::string more = trim(lines[i]);
        depth += depth_change(more);
        value += (value.back() == '(' || value.back() == '{' || value.back() == '[' ? "" : " ") + more;
      }
    }
    std::string full;
    for (const auto& p : path) full += p + ".";
    out[address][full + key] = value;
  }
}

}  // namespace slipway::cli::diff
