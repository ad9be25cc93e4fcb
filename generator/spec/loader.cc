#include "spec/loader.h"

#include <algorithm>
#include <bit>
#include <limits>
#include <map>
#include <numeric>
#include <optional>
#include <set>
#include <sstream>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <yaml.h>

#include "base/in_turn.h"
#include "spec/simple_yaml.h"
#include "spec/text_checks.h"

namespace slipway::spec {

namespace {

// The position of libyaml's mark in a text that begins on the file's 0-based line `first_line`.
base::Span span_of(const yaml_mark_t& m, std::uint32_t file, std::uint32_t first_line = 0) {
  return {file, static_cast<std::uint32_t>(m.line + 1) + first_line, static_cast<std::uint32_t>(m.column + 1)};
}

// Asked of every plain scalar: by length first (four comparisons with C strings were 7 % of `validate`).
bool is_null_word(std::string_view v) {
  if (v.size() == 1) return v[0] == '~';
  return v.size() == 4 && (v == "null" || v == "Null" || v == "NULL");
}

// Builds Nodes from a stream of events (libyaml's or scan_simple_yaml's) without recursion, so deep input
// cannot overflow the stack.
class Builder final : public YamlEventSink {
 public:
  // `first_line`: the 0-based line of the text where the parsed piece begins (a piece of a larger text).
  Builder(std::uint32_t file, base::Diagnostics& diags, const Limits& limits, std::uint32_t first_line = 0)
      : file_(file), first_line_(first_line), diags_(diags), limits_(limits) {}

  NodePtr root() const { return root_; }
  bool failed() const { return failed_; }
  std::uint64_t total() const { return total_; }
  std::uint64_t expanded() const { return expanded_; }

  // Feeds one event; returns false once the builder has failed.
  bool on(const YamlEvent& e) override {
    switch (e.type) {
      case YamlEvent::Type::Scalar: {
        auto n = std::make_shared<Node>();
        n->span = span(e);
        n->value.assign(e.value);
        n->plain = e.plain;
        n->kind = (n->plain && (n->value.empty() || is_null_word(n->value))) ? Node::Kind::Null : Node::Kind::Scalar;
        attach(std::move(n), std::string(e.anchor));
        break;
      }
      case YamlEvent::Type::Alias: {
        std::string name(e.value);
        auto it = anchors_.find(name);
        if (it == anchors_.end()) {
          fail(span(e), "alias '*" + name + "' refers to no anchor");
        } else {
          attach(it->second, {}, /*alias=*/true);
        }
        break;
      }
      case YamlEvent::Type::SequenceStart:
      case YamlEvent::Type::MappingStart:
        open(e.type == YamlEvent::Type::MappingStart ? Node::Kind::Mapping : Node::Kind::Sequence, span(e),
             std::string(e.anchor), e.flow);
        break;
      case YamlEvent::Type::SequenceEnd:
      case YamlEvent::Type::MappingEnd: close(); break;
    }
    return !failed_;
  }

 private:
  base::Span span(const YamlEvent& e) const {
    return {file_, e.line + 1 + first_line_, e.column + 1};
  }

  struct Frame {
    NodePtr node;
    std::string anchor;
    std::optional<Key> pending_key;                // mappings: the key waiting for its value
    // Mappings of many keys: an open-addressing table of the entries by their key, each slot an entry's
    // index plus one (0: empty), at most half full. A small mapping is searched directly: most have a
    // handful of keys, and a table per mapping was a tenth of a load. (A hash map of copied keys cost 34
    // times as much at N=100,000 handlers as at 10,000: a node and a key's copy per entry, and each rehash.)
    std::vector<std::uint32_t> seen;
  };

  static constexpr std::size_t kSeenFrom = 16;

  // The slot of `key` in `seen`: the one holding an entry with that key, or the empty one where it goes.
  static std::size_t slot_of(const std::vector<std::uint32_t>& seen, const std::vector<Entry>& entries,
                             std::string_view key) {
    const std::size_t mask = seen.size() - 1;
    std::size_t at = std::hash<std::string_view>{}(key) & mask;
    while (seen[at] != 0 && entries[seen[at] - 1].key.value != key) at = (at + 1) & mask;
    return at;
  }

  // Where `key` was first written in the mapping of `f`, or nullptr; then records `key` as the key of the
  // entry that comes next (its value is the next node attached to `f`).
  static const base::Span* find_and_record_key(Frame& f, const Key& key) {
    const std::vector<Entry>& entries = f.node->entries;
    if (f.seen.empty() && entries.size() < kSeenFrom) {
      for (const auto& e : entries) {
        if (e.key.value == key.value) return &e.key.span;
      }
      return nullptr;
    }
    if (2 * (entries.size() + 1) > f.seen.size()) {
      // (Re)built at four times what it holds, so that it is rebuilt once it is half full; of a key written
      // twice, the first entry has the slot.
      f.seen.assign(std::bit_ceil(4 * (entries.size() + 1)), 0);
      for (std::size_t i = 0; i < entries.size(); ++i) {
        std::uint32_t& slot = f.seen[slot_of(f.seen, entries, entries[i].key.value)];
        if (slot == 0) slot = static_cast<std::uint32_t>(i + 1);
      }
    }
    std::uint32_t& slot = f.seen[slot_of(f.seen, entries, key.value)];
    if (slot != 0) return &entries[slot - 1].key.span;
    slot = static_cast<std::uint32_t>(entries.size() + 1);
    return nullptr;
  }

  void fail(base::Span span, std::string message) {
    if (!failed_) diags_.error("yaml-syntax", span, std::move(message));
    failed_ = true;
  }

  void open(Node::Kind kind, base::Span at, std::string anchor, bool flow) {
    auto n = std::make_shared<Node>();
    n->kind = kind;
    n->span = at;
    n->flow = flow;
    if (stack_.size() >= limits_.max_depth && !failed_) {
      diags_.error("nesting-too-deep", n->span,
                   "the document nests deeper than " + std::to_string(limits_.max_depth) + " levels");
      failed_ = true;
    }
    stack_.push_back(Frame{std::move(n), std::move(anchor), std::nullopt, {}});
  }

  void close() {
    if (stack_.empty()) return;
    Frame f = std::move(stack_.back());
    stack_.pop_back();
    attach(std::move(f.node), f.anchor);
  }

  // `alias`: `n` is an anchored node repeated by an alias, so its whole weight is expansion. Only that
  // is bounded by max_expanded_nodes (a long spec without aliases is fine: the file size bounds it);
  // the document as a whole may hold four times as many nodes.
  // `n` is moved into the tree: a shared_ptr copied is two atomic counts more per node.
  void attach(NodePtr n, const std::string& anchor, bool alias = false) {
    if (!anchor.empty()) anchors_[anchor] = n;
    if (stack_.empty()) {
      if (!root_) root_ = std::move(n);
      return;
    }
    Frame& top = stack_.back();
    auto add = [](std::uint64_t& sum, std::uint64_t x) { sum = sum + x < sum ? UINT64_MAX : sum + x; };
    add(top.node->weight, n->weight);
    add(total_, alias ? n->weight : 1);  // each node is attached once; an alias brings its whole subtree
    if (alias) add(expanded_, n->weight);
    if (expanded_ > limits_.max_expanded_nodes && !failed_) {
      fail(n->span, "the document expands to more than " + std::to_string(limits_.max_expanded_nodes) +
                        " nodes through aliases; a spec needs no alias bombs");
    } else if (total_ > limits_.max_expanded_nodes * 4 && !failed_) {
      fail(n->span, "the document holds more than " + std::to_string(limits_.max_expanded_nodes * 4) +
                        " nodes; split it into files with 'include'");
    }
    if (top.node->is_sequence()) {
      top.node->items.push_back(std::move(n));
      return;
    }
    if (!top.pending_key) {
      if (!n->is_scalar() && !n->is_null()) {
        diags_.error("complex-key", n->span, "a mapping key must be a plain string, not " + describe(*n));
        failed_ = true;
        top.pending_key.emplace();
        return;
      }
      // A key node is no one else's (unless anchored, or an alias): its text moves into the key.
      const Key& key = n.use_count() == 1 ? top.pending_key.emplace(Key{std::move(n->value), n->span})
                                          : top.pending_key.emplace(Key{n->value, n->span});
      if (const base::Span* first = find_and_record_key(top, key)) {
        auto& d = diags_.error("duplicate-key", key.span, "duplicate key '" + key.value + "'");
        d.notes.push_back({*first, "first defined here"});
        d.fix = "remove one of the two or give them different names";
      }
      return;
    }
    top.node->entries.push_back({std::move(*top.pending_key), std::move(n)});
    top.pending_key.reset();
  }

  std::uint32_t file_;
  std::uint32_t first_line_;
  base::Diagnostics& diags_;
  const Limits& limits_;
  std::vector<Frame> stack_;
  std::unordered_map<std::string, NodePtr> anchors_;
  NodePtr root_;
  bool failed_ = false;
  std::uint64_t total_ = 0;     // nodes in the document, aliases counted as expanded
  std::uint64_t expanded_ = 0;  // nodes repeated through aliases
};

std::string dirname(const std::string& path) {
  auto slash = path.find_last_of('/');
  return slash == std::string::npos ? std::string{} : path.substr(0, slash + 1);
}

// Collapses "a/./b" and "a/x/../b" so that one file is recognised under two spellings.
std::string normalize(const std::string& path) {
  std::vector<std::string> parts;
  std::string cur;
  bool absolute = !path.empty() && path[0] == '/';
  std::stringstream ss(path);
  while (std::getline(ss, cur, '/')) {
    if (cur.empty() || cur == ".") continue;
    if (cur == ".." && !parts.empty() && parts.back() != "..") {
      parts.pop_back();
    } else {
      parts.push_back(cur);
    }
  }
  std::string out = absolute ? "/" : "";
  for (std::size_t i = 0; i < parts.size(); ++i) out += (i ? "/" : "") + parts[i];
  return out;
}

// Gives every span in a tree parsed under the stand-in file number `from` the number `to`.
void renumber(Node& root, std::uint32_t from, std::uint32_t to) {
  std::vector<Node*> todo{&root};
  while (!todo.empty()) {
    Node* n = todo.back();
    todo.pop_back();
    if (n->span.file == to) continue;  // reached before, through an alias
    if (n->span.file == from) n->span.file = to;
    for (const auto& item : n->items) todo.push_back(item.get());
    for (auto& e : n->entries) {
      if (e.key.span.file == from) e.key.span.file = to;
      todo.push_back(e.value.get());
    }
  }
}

struct Loader {
  FileReader& reader;
  base::Sources& sources;
  base::Diagnostics& diags;
  const Limits& limits;
  std::set<std::string> loaded;     // every file read so far
  std::vector<std::string> active;  // the include chain being loaded, for cycle detection
  std::map<std::string, base::Span> first_include;
  std::size_t includes = 0;

  // The files of an include list are read, and parsed on several threads, before the list is followed
  // in order; following it then takes each file's text and tree from here. A tree is parsed under a
  // stand-in file number (file numbers are given in the order files are followed, which decides the order
  // of diagnostics) and renumbered when its file gets its own.
  struct Ahead {
    std::optional<std::string> text;
    std::uint32_t stand_in = 0;
    bool parsed = false;
    NodePtr root;
    base::Diagnostics diags;
  };
  static constexpr std::uint32_t kFirstStandIn = std::numeric_limits<std::uint32_t>::max();  // counts down
  std::map<std::string, Ahead> ahead;
  std::uint32_t next_stand_in = kFirstStandIn;

  NodePtr load_file(const std::string& path, base::Span from) {
    std::optional<Ahead> pre;
    if (auto it = ahead.find(path); it != ahead.end()) {
      pre = std::move(it->second);
      ahead.erase(it);
    }
    std::optional<std::string> text = pre ? std::move(pre->text) : reader.read(path);
    if (!text) {
      diags.error(from.known() ? "include-not-found" : "io", from,
                  "cannot read '" + path + "'");
      return nullptr;
    }
    std::uint32_t file = sources.add(path);
    if (text->size() > limits.max_file_bytes) {
      diags.error("file-too-large", {file, 1, 1},
                  "the file is " + std::to_string(text->size()) + " bytes; a spec file may be at most " +
                      std::to_string(limits.max_file_bytes) + " bytes");
      return nullptr;
    }
    NodePtr root;
    if (pre && pre->parsed) {
      auto own = [&](base::Span& span) {
        if (span.file == pre->stand_in) span.file = file;
      };
      for (base::Diagnostic d : pre->diags.items()) {
        own(d.span);
        for (auto& note : d.notes) own(note.span);
        diags.add(std::move(d));
      }
      root = std::move(pre->root);
      if (root) renumber(*root, pre->stand_in, file);
    } else {
      root = parse_yaml(*text, file, diags, limits);
    }
    if (!root) return nullptr;
    if (!root->is_mapping()) {
      diags.error("wrong-type", root->span, "a spec file must be a mapping of sections, not " + describe(*root));
      return nullptr;
    }
    active.push_back(path);
    follow_includes(*root, path);
    active.pop_back();
    return root;
  }

  void follow_includes(Node& root, const std::string& path) {
    const Entry* inc = root.entry("include");
    if (!inc) return;
    std::vector<NodePtr> names;
    if (inc->value->is_scalar()) {
      names.push_back(inc->value);
    } else if (inc->value->is_sequence()) {
      names = inc->value->items;
    } else {
      diags.error("wrong-type", inc->value->span, "'include' takes a file name or a list of file names");
      return;
    }
    read_ahead(names, path);
    for (const auto& name : names) {
      if (!name->is_scalar() || name->value.empty()) {
        diags.error("wrong-type", name->span, "an include is a relative file name, not " + describe(*name));
        continue;
      }
      if (name->value[0] == '/') {
        diags.error("include-absolute", name->span, "include paths are relative to the including file")
            .fix = "write the path relative to '" + path + "'";
        continue;
      }
      std::string target = normalize(dirname(path) + name->value);
      if (auto at = std::find(active.begin(), active.end(), target); at != active.end()) {
        std::string chain;
        for (auto it = at; it != active.end(); ++it) chain += *it + " -> ";
        diags.error("include-cycle", name->span, "including '" + name->value + "' makes a cycle: " + chain + target)
            .fix = "remove this include: files may not include each other in a circle";
        continue;
      }
      if (loaded.count(target)) {
        auto& d = diags.error("include-duplicate", name->span, "'" + name->value + "' is included more than once");
        if (auto first = first_include.find(target); first != first_include.end()) {
          d.notes.push_back({first->second, "first included here"});
        }
        continue;
      }
      first_include[target] = name->span;
      if (++includes > limits.max_includes) {
        diags.error("include-limit", name->span, "more than " + std::to_string(limits.max_includes) + " includes");
        return;
      }
      loaded.insert(target);
      NodePtr sub = load_file(target, name->span);
      if (sub) merge(root, *sub);
    }
  }

  // Reads the files `names` (included by `path`) that following the list would read, and parses them on
  // several threads when there are two or more. Nothing is reported here: a file that cannot be read or
  // parsed is reported when the list is followed, as it would have been without this.
  void read_ahead(const std::vector<NodePtr>& names, const std::string& path) {
    std::vector<Ahead*> jobs;
    std::size_t budget = limits.max_includes > includes ? limits.max_includes - includes : 0;
    for (const auto& name : names) {
      if (budget == 0) break;
      if (!name->is_scalar() || name->value.empty() || name->value[0] == '/') continue;
      std::string target = normalize(dirname(path) + name->value);
      if (loaded.count(target) || ahead.count(target) ||
          std::find(active.begin(), active.end(), target) != active.end()) {
        continue;
      }
      --budget;
      Ahead& a = ahead[target];
      a.text = reader.read(target);
      if (a.text && a.text->size() <= limits.max_file_bytes) jobs.push_back(&a);
    }
    if (jobs.size() < 2) return;  // one file parses as fast where it is followed
    // The largest first, so that the threads finish together.
    std::stable_sort(jobs.begin(), jobs.end(),
                     [](const Ahead* a, const Ahead* b) { return a->text->size() > b->text->size(); });
    for (Ahead* a : jobs) a->stand_in = next_stand_in--;
    base::in_turn(jobs.size(), base::cores(4), [&](std::size_t k) {
      Ahead& a = *jobs[k];
      a.root = parse_yaml(*a.text, a.stand_in, a.diags, limits);
      a.parsed = true;
    });
  }

  // Sections of an included file join the root's sections; scalar settings stay with the root.
  void merge(Node& root, const Node& sub) {
    for (const auto& e : sub.entries) {
      const std::string& key = e.key.value;
      if (key == "include") continue;
      Entry* mine = nullptr;
      for (auto& r : root.entries) {
        if (r.key.value == key) mine = &r;
      }
      if (!mine) {
        root.entries.push_back(e);
        continue;
      }
      if (!mine->value->is_mapping() || !e.value->is_mapping()) {
        auto& d = diags.error("duplicate-key", e.key.span, "'" + key + "' is already set by an including file");
        d.notes.push_back({mine->key.span, "set here"});
        continue;
      }
      // Copy on write: the node may be shared through an alias.
      auto merged = std::make_shared<Node>(*mine->value);
      // Where each name was first declared: a section spread over many files of thousands of names each
      // must not search the whole section for every name it adds.
      // (Views of the keys' text, which stays where it is: the entries have their room before the first view.)
      std::unordered_map<std::string_view, base::Span> declared;
      declared.reserve(merged->entries.size() + e.value->entries.size());
      merged->entries.reserve(merged->entries.size() + e.value->entries.size());
      for (const auto& x : merged->entries) declared.emplace(x.key.value, x.key.span);
      for (const auto& item : e.value->entries) {
        auto [first, fresh] = declared.emplace(item.key.value, item.key.span);
        if (!fresh) {
          auto& d = diags.error("duplicate-name", item.key.span,
                                "'" + item.key.value + "' is already declared in '" + key + "'");
          d.notes.push_back({first->second, "first declared here"});
          continue;
        }
        merged->entries.push_back(item);
      }
      mine->value = merged;
    }
  }
};

// The usual reasons a flow mapping `{ ... }` fails to parse, spotted on the offending line.
std::string flow_hint(std::string_view text, const yaml_mark_t& m) {
  std::size_t start = 0;
  for (std::size_t line = 0; line < m.line && start != std::string::npos; ++line) {
    start = text.find('\n', start);
    if (start != std::string::npos) ++start;
  }
  if (start == std::string::npos) return {};
  std::string line(text.substr(start, text.find('\n', start) - start));
  if (line.find('{') == std::string::npos && line.find('[') == std::string::npos) return {};
  if (line.find("${") != std::string::npos) {
    return "inside { } or [ ], quote values that contain '${', e.g. \"${flags.NAME}\"";
  }
  if (line.find("[]") != std::string::npos) return "inside { }, quote array types, e.g. \"string[]\"";
  if (line.find("enum(") != std::string::npos) return "inside { }, quote enum types, e.g. \"enum(a, b)\"";
  if (line.find(" ? ") != std::string::npos || line.find("?)") != std::string::npos) {
    return "inside { }, quote cron expressions, e.g. \"cron(0 3 * * ? *)\"";
  }
  return {};
}

}  // namespace

namespace {

// What one document parsed to: its root (null after a problem, which is reported) and its node counts.
struct Document {
  NodePtr root;
  std::uint64_t total = 0, expanded = 0;
};

// libyaml's event as the Builder takes it; stream and document events have no counterpart.
std::optional<YamlEvent> event_of(const yaml_event_t& e) {
  auto text = [](const yaml_char_t* s) {
    return s ? std::string_view(reinterpret_cast<const char*>(s)) : std::string_view{};
  };
  YamlEvent out;
  out.line = static_cast<std::uint32_t>(e.start_mark.line);
  out.column = static_cast<std::uint32_t>(e.start_mark.column);
  switch (e.type) {
    case YAML_SCALAR_EVENT:
      out.type = YamlEvent::Type::Scalar;
      out.value = std::string_view(reinterpret_cast<const char*>(e.data.scalar.value), e.data.scalar.length);
      out.anchor = text(e.data.scalar.anchor);
      out.plain = e.data.scalar.style == YAML_PLAIN_SCALAR_STYLE && e.data.scalar.plain_implicit;
      return out;
    case YAML_ALIAS_EVENT:
      out.type = YamlEvent::Type::Alias;
      out.value = text(e.data.alias.anchor);
      return out;
    case YAML_SEQUENCE_START_EVENT:
      out.type = YamlEvent::Type::SequenceStart;
      out.anchor = text(e.data.sequence_start.anchor);
      out.flow = e.data.sequence_start.style == YAML_FLOW_SEQUENCE_STYLE;
      return out;
    case YAML_MAPPING_START_EVENT:
      out.type = YamlEvent::Type::MappingStart;
      out.anchor = text(e.data.mapping_start.anchor);
      out.flow = e.data.mapping_start.style == YAML_FLOW_MAPPING_STYLE;
      return out;
    case YAML_SEQUENCE_END_EVENT: out.type = YamlEvent::Type::SequenceEnd; return out;
    case YAML_MAPPING_END_EVENT: out.type = YamlEvent::Type::MappingEnd; return out;
    default: return std::nullopt;
  }
}

Document finish(const Builder& builder, std::uint32_t file, std::uint32_t first_line, base::Diagnostics& diags) {
  if (builder.failed()) return {};
  NodePtr root = builder.root();
  if (!root || root->is_null()) {
    diags.error("empty-spec", {file, first_line + 1, 1}, "the file is empty; a spec starts with 'slipway: 1'");
    return {};
  }
  return {std::move(root), builder.total(), builder.expanded()};
}

// Parses `text` as one document, reporting every problem: a whole file, or a piece of one that begins on
// the file's 0-based line `first_line`. A text in the subset of YAML that scan_simple_yaml reads is built
// from its events; any other text, and one whose tree breaks a limit, from libyaml's.
Document parse_document(std::string_view text, std::uint32_t file, std::uint32_t first_line,
                        base::Diagnostics& diags, const Limits& limits) {
  if (limits.simple_scanner) {
    base::Diagnostics found;  // duplicate keys
    Builder builder(file, found, limits, first_line);
    if (scan_simple_yaml(text, builder) && !builder.failed()) {
      for (const auto& d : found.items()) diags.add(d);
      return finish(builder, file, first_line, diags);
    }
  }
  yaml_parser_t parser;
  if (!yaml_parser_initialize(&parser)) {
    diags.error("io", {file, 0, 0}, "out of memory while starting the YAML parser");
    return {};
  }
  yaml_parser_set_input_string(&parser, reinterpret_cast<const unsigned char*>(text.data()), text.size());
  Builder builder(file, diags, limits, first_line);
  int documents = 0;
  bool ok = true;
  while (true) {
    yaml_event_t event;
    if (!yaml_parser_parse(&parser, &event)) {
      const yaml_mark_t& m = parser.problem_mark;
      std::string msg = parser.problem ? parser.problem : "invalid YAML";
      if (parser.context) msg = std::string(parser.context) + ": " + msg;
      auto& d = diags.error("yaml-syntax", span_of(m, file, first_line), msg);
      d.fix = flow_hint(text, m);
      ok = false;
      break;
    }
    bool end = event.type == YAML_STREAM_END_EVENT;
    if (event.type == YAML_DOCUMENT_START_EVENT && ++documents > 1) {
      diags.error("yaml-syntax", span_of(event.start_mark, file, first_line),
                  "a spec file holds one YAML document; remove the '---' and what follows or move it into its own file");
      ok = false;
    }
    bool go_on = ok;
    if (go_on) {
      if (auto e = event_of(event)) go_on = builder.on(*e);
    }
    yaml_event_delete(&event);
    if (end || !go_on) break;
  }
  yaml_parser_delete(&parser);
  if (!ok) return {};
  return finish(builder, file, first_line, diags);
}

// What one piece of a text (one top-level key and its value) parsed to.
struct Piece {
  std::size_t begin = 0, end = 0;  // bytes of the text
  std::uint32_t first_line = 0;    // 0-based line of `begin`
  NodePtr root;                    // a mapping of exactly one key, or null when the piece failed
  std::uint64_t total = 0, expanded = 0;
};

bool starts_plain_key(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

// Cuts a block-mapping document before each line that starts a top-level key. Returns nothing when the
// text has a layout the cut cannot follow: a line at column 0 that is neither such a key, a comment nor
// blank (a document marker, a directive, a sequence entry, a flow, quoted or complex key), or a line
// break other than "\n" (libyaml also breaks lines at a lone CR, NEL, LS and PS, which would shift the
// line numbers of the later pieces).
std::vector<Piece> cut_at_top_level_keys(const std::string& text) {
  if (text.find('\r') != std::string::npos || text.find("\xC2\x85") != std::string::npos ||
      text.find("\xE2\x80\xA8") != std::string::npos || text.find("\xE2\x80\xA9") != std::string::npos) {
    return {};
  }
  std::vector<Piece> pieces;
  bool key_seen = false;
  std::size_t begin = 0;
  std::uint32_t first_line = 0;
  std::uint32_t line = 0;
  for (std::size_t at = 0; at < text.size(); ++line) {
    const char c = text[at];
    if (starts_plain_key(c)) {
      if (key_seen) {
        pieces.push_back({begin, at, first_line, nullptr, 0, 0});
        begin = at;
        first_line = line;
      }
      key_seen = true;
    } else if (c != ' ' && c != '#' && c != '\n') {
      return {};
    }
    const std::size_t next = text.find('\n', at);
    if (next == std::string::npos) break;
    at = next + 1;
  }
  if (!key_seen) return {};
  pieces.push_back({begin, text.size(), first_line, nullptr, 0, 0});
  return pieces;
}

// Parses one piece; leaves `p.root` null on any problem (the whole text is then parsed again, serially,
// to report it).
void parse_piece(const std::string& text, std::uint32_t file, const Limits& limits, Piece& p) {
  base::Diagnostics quiet;
  Document d = parse_document(std::string_view(text).substr(p.begin, p.end - p.begin), file, p.first_line, quiet, limits);
  if (!d.root || !quiet.items().empty() || !d.root->is_mapping() || d.root->entries.size() != 1) return;
  p.root = std::move(d.root);
  p.total = d.total;
  p.expanded = d.expanded;
}

}  // namespace

NodePtr parse_yaml_in_pieces(const std::string& text, std::uint32_t file, const Limits& limits) {
  std::vector<Piece> pieces = cut_at_top_level_keys(text);
  if (pieces.size() < 2) return nullptr;
  // The largest pieces are taken first, so that the threads finish together: in document order a large
  // section last (the rules of the workload in tests/perf) leaves one thread parsing it alone.
  std::vector<std::size_t> order(pieces.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return pieces[a].end - pieces[a].begin > pieces[b].end - pieces[b].begin;
  });
  base::in_turn(order.size(), base::cores(4), [&](std::size_t k) { parse_piece(text, file, limits, pieces[order[k]]); });

  // One mapping of every piece's key, as the whole text would have given; anything a whole parse would
  // report (a duplicate key across pieces, a limit passed by the pieces together) leaves it to that parse.
  auto root = std::make_shared<Node>();
  root->kind = Node::Kind::Mapping;
  std::unordered_set<std::string_view> keys;
  std::uint64_t total = 0, expanded = 0;  // a piece counts its nodes but not its root, as a whole parse does
  for (const Piece& p : pieces) {
    if (!p.root) return nullptr;
    const Entry& e = p.root->entries.front();
    if (!keys.insert(e.key.value).second) return nullptr;
    if (&p == &pieces.front()) root->span = p.root->span;
    root->entries.push_back(e);
    root->weight += p.root->weight - 1;
    total += p.total;
    expanded += p.expanded;
  }
  if (expanded > limits.max_expanded_nodes || total > limits.max_expanded_nodes * 4) return nullptr;
  return root;
}

NodePtr parse_yaml(const std::string& input, std::uint32_t file, base::Diagnostics& diags, const Limits& limits) {
  std::string text = input;
  if (!check_text(text, file, diags)) return nullptr;
  if (text.size() >= limits.parallel_from_bytes) {
    if (NodePtr root = parse_yaml_in_pieces(text, file, limits)) return root;
  }
  return parse_document(text, file, 0, diags, limits).root;
}

NodePtr load(const std::string& path, FileReader& reader, base::Sources& sources, base::Diagnostics& diags,
             const Limits& limits) {
  Loader loader{reader, sources, diags, limits, {}, {}, {}, 0, {}, Loader::kFirstStandIn};
  std::string norm = normalize(path);
  loader.loaded.insert(norm);
  return loader.load_file(norm, {});
}

}  // namespace slipway::spec
