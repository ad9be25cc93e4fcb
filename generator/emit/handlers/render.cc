// A Mustache engine over the flat Data of data.h.
//
// Its output is, byte for byte, what kainjow's Mustache (the library this backend first used, kept as the
// reference in tests/unit/handlers_render_test.cc) gives for the same template after the standalone-line
// pass below, with no HTML escaping. It exists for speed: kainjow wants its own copy of the data, keeps one
// component per space character and renders through std::function and a string stream, which made the
// handlers backend the slowest stage of a build.
//
// The rules it keeps from that reference:
// - A line holding only one section, inverted-section, closing or comment tag (and blanks) is dropped, as
//   the Mustache spec says; the tag moves to the start of the next line with a marker that keeps that line
//   from being dropped by the rule after this one.
// - A line of output in which a section was entered or left (and which holds only spaces and tabs) is
//   dropped together with its line break.
// - Names are looked up from the innermost context outwards; "a.b" must resolve whole in one context.
// - Strings and numbers print, nothing else does; null, false and [] are false, everything else is true.
// - A partial names a string of the view, which is rendered as a template in the current context.
#include "emit/handlers/render.h"

#include <cctype>
#include <string_view>
#include <vector>

namespace slipway::emit::handlers {

// Named rather than anonymous: Renderer::Impl (a type with linkage) holds the parsed trees.
namespace tree {

constexpr char kMarker = kStandaloneMarker;

std::string_view trim(std::string_view s) {
  std::size_t b = 0;
  while (b < s.size() && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  std::size_t e = s.size();
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  return s.substr(b, e - b);
}

// Line: a whole line of plain text with its line break, begun after a line break in the same list (see
// join_plain_lines); it renders as Text and Newline would, without the checks a line with tags needs.
enum class NodeKind { Text, Newline, Line, Marker, Variable, Section, Inverted, Partial };

struct Node {
  NodeKind kind = NodeKind::Text;
  std::string text;                // Text and Newline: the characters; tags: the name
  std::uint32_t hash = 0;          // tags: Data::hash(text)
  std::vector<std::string> path;   // tags with a dotted name: its segments
  std::vector<std::uint32_t> path_hashes;
  std::size_t position = 0;        // offset of the tag in the (standalone-stripped) template
  std::vector<Node> children;      // Section, Inverted
  bool closed = false;             // Section, Inverted: a closing tag ended it
  std::string close_name;          // the name on that closing tag
};

std::vector<std::string> split_name(const std::string& name) {
  // As std::getline splits: every '.' separates, and an empty last segment is dropped.
  std::vector<std::string> out;
  std::size_t start = 0;
  while (true) {
    std::size_t dot = name.find('.', start);
    if (dot == std::string::npos) {
      if (start < name.size()) out.push_back(name.substr(start));
      break;
    }
    out.push_back(name.substr(start, dot - start));
    start = dot + 1;
  }
  return out;
}

Node tag_node(NodeKind kind, std::string_view name, std::size_t position) {
  Node n;
  n.kind = kind;
  n.text = std::string(name);
  n.position = position;
  n.hash = Data::hash(n.text);
  if (n.text != "." && n.text.find('.') != std::string::npos) n.path = split_name(n.text);
  for (const std::string& seg : n.path) n.path_hashes.push_back(Data::hash(seg));
  return n;
}

bool valid_delimiter(std::string_view d) {
  for (char c : d) {
    if (c == '=' || std::isspace(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

// "=<% %>=" -> begin and end; false when malformed.
bool parse_delimiters(std::string_view contents, std::string& begin, std::string& end) {
  if (contents.size() < 5 || contents.back() != '=') return false;
  std::string_view inner = trim(contents.substr(1, contents.size() - 2));
  std::size_t space = inner.find(' ');
  if (space == std::string_view::npos) return false;
  std::size_t second = inner.find_first_not_of(' ', space + 1);
  if (second == std::string_view::npos) return false;
  std::string_view b = inner.substr(0, space);
  std::string_view e = inner.substr(second);
  if (!valid_delimiter(b) || !valid_delimiter(e)) return false;
  begin = std::string(b);
  end = std::string(e);
  return true;
}

// Parses a template into `root`; returns "" or the error (the reference's wording and offsets).
std::string parse(std::string_view input, Node& root) {
  std::string open = "{{";
  std::string close = "}}";
  std::vector<Node*> stack{&root};
  std::string text;
  auto flush_text = [&] {
    if (text.empty()) return;
    Node n;
    n.text = std::move(text);
    stack.back()->children.push_back(std::move(n));
    text.clear();
  };
  std::size_t pos = 0;
  while (pos < input.size()) {
    if (input.compare(pos, open.size(), open) != 0) {
      char c = input[pos];
      if (c == '\n' || c == '\r') {
        flush_text();
        Node n;
        n.kind = NodeKind::Newline;
        std::size_t len = (c == '\r' && pos + 1 < input.size() && input[pos + 1] == '\n') ? 2 : 1;
        n.text = std::string(input.substr(pos, len));
        stack.back()->children.push_back(std::move(n));
        pos += len;
      } else if (c == kMarker) {
        flush_text();
        Node n;
        n.kind = NodeKind::Marker;
        stack.back()->children.push_back(std::move(n));
        ++pos;
      } else {
        text += c;
        ++pos;
      }
      continue;
    }
    flush_text();
    const std::size_t start = pos;
    std::size_t contents = start + open.size();
    const bool braces = open == "{{" && close == "}}";
    const bool triple = braces && start != input.size() - 2 && contents < input.size() && input[contents] == '{';
    if (triple) ++contents;
    const std::string_view end_delim = triple ? std::string_view("}}}") : std::string_view(close);
    std::size_t end = input.find(end_delim, contents);
    if (end == std::string_view::npos) return "Unclosed tag at " + std::to_string(start);
    std::string_view body = trim(input.substr(contents, end - contents));
    pos = end + end_delim.size();
    if (!body.empty() && body[0] == '=') {
      if (!parse_delimiters(body, open, close)) return "Invalid set delimiter tag at " + std::to_string(start);
      continue;
    }
    if (triple || body.empty()) {
      stack.back()->children.push_back(tag_node(NodeKind::Variable, body, start));
      continue;
    }
    std::string_view rest = trim(body.substr(1));
    switch (body[0]) {
      case '#':
      case '^':
        stack.back()->children.push_back(tag_node(body[0] == '#' ? NodeKind::Section : NodeKind::Inverted, rest, start));
        stack.push_back(&stack.back()->children.back());
        break;
      case '/':
        if (stack.size() == 1) return "Unopened section \"" + std::string(rest) + "\" at " + std::to_string(start);
        stack.back()->closed = true;
        stack.back()->close_name = std::string(rest);
        stack.pop_back();
        break;
      case '>': stack.back()->children.push_back(tag_node(NodeKind::Partial, rest, start)); break;
      case '&': stack.back()->children.push_back(tag_node(NodeKind::Variable, rest, start)); break;
      case '!': break;
      default: stack.back()->children.push_back(tag_node(NodeKind::Variable, body, start)); break;
    }
  }
  flush_text();
  // Every section must be closed by a tag of its own name; the first one that is not, in document order.
  std::string error;
  auto check = [&](const Node& n, auto&& self) -> void {
    for (const Node& c : n.children) {
      if (!error.empty()) return;
      if (c.kind != NodeKind::Section && c.kind != NodeKind::Inverted) continue;
      if (!c.closed || c.close_name != c.text) {
        error = "Unclosed section \"" + c.text + "\" at " + std::to_string(c.position);
        return;
      }
      self(c, self);
    }
  };
  check(root, check);
  return error;
}

bool is_false(const Data* v) { return v == nullptr || v->is_false(); }

class Render {
 public:
  Render(std::string& out, const Data& view) : out_(out) { stack_.push_back(&view); }

  // Renders `nodes`; false after an error (from a partial), which failure() then holds. Nodes say whether to
  // go on with a bool: a string returned per node was a tenth of a build's instructions.
  bool nodes(const std::vector<Node>& list) {
    for (const Node& n : list) {
      if (!node(n)) return false;
    }
    return true;
  }

  const std::string& failure() const { return error_; }

  // The last line, which has no line break to end it.
  void finish() { end_line(); }

 private:
  std::string& out_;
  std::vector<const Data*> stack_;  // innermost last
  std::size_t line_start_ = 0;      // where the current line begins in out_
  bool line_section_ = false;       // a section was entered or left on this line
  bool line_marked_ = false;        // a marker is on this line
  int partial_depth_ = 0;           // partials being rendered, one inside the other
  std::string error_;               // why rendering stopped
  static constexpr int kMaxPartialDepth = 64;

  const Data* lookup(const Node& n) const {
    if (n.text == ".") return stack_.back();
    for (auto it = stack_.rbegin(); it != stack_.rend(); ++it) {
      if (n.path.empty()) {
        if (const Data* f = (*it)->find(n.hash, n.text)) return f;
        continue;
      }
      const Data* v = *it;
      for (std::size_t i = 0; i < n.path.size() && v; ++i) v = v->find(n.path_hashes[i], n.path[i]);
      if (v) return v;
    }
    return nullptr;
  }

  // Ends the current line; returns false when the line was dropped (and its line break must be too).
  bool end_line() {
    const bool keep = !line_section_ || line_marked_ ||
                      out_.find_first_not_of(" \t", line_start_) != std::string::npos;
    if (!keep) out_.resize(line_start_);
    line_section_ = false;
    line_marked_ = false;
    return keep;
  }

  void print(const Data& v) { out_ += v.text(); }

  bool section(const Node& n, const Data* value) {
    auto once = [&](const Data* context) {
      line_section_ = true;
      if (context) stack_.push_back(context);
      const bool ok = nodes(n.children);
      if (context) stack_.pop_back();
      line_section_ = true;
      return ok;
    };
    if (value && value->kind() == Data::Kind::List && !value->items().empty()) {
      for (const Data& item : value->items()) {
        if (!once(&item)) return false;
      }
      return true;
    }
    return once(value);
  }

  bool fail(std::string error) {
    error_ = std::move(error);
    return false;
  }

  bool node(const Node& n) {
    switch (n.kind) {
      case NodeKind::Text: out_ += n.text; break;
      case NodeKind::Marker: line_marked_ = true; break;
      case NodeKind::Newline:
        if (end_line()) out_ += n.text;
        line_start_ = out_.size();
        break;
      case NodeKind::Line:
        out_ += n.text;
        line_start_ = out_.size();
        break;
      case NodeKind::Variable:
        if (const Data* v = lookup(n)) print(*v);
        break;
      case NodeKind::Section: {
        const Data* v = lookup(n);
        if (v && !is_false(v)) return section(n, v);
        break;
      }
      case NodeKind::Inverted: {
        const Data* v = lookup(n);
        if (is_false(v)) return section(n, v);
        break;
      }
      case NodeKind::Partial: {
        const Data* v = nullptr;
        for (auto it = stack_.rbegin(); it != stack_.rend() && !v; ++it) v = (*it)->find(n.hash, n.text);
        if (!v || !v->printable()) break;
        if (partial_depth_ >= kMaxPartialDepth) {
          return fail("partial \"" + n.text + "\" nests deeper than " + std::to_string(kMaxPartialDepth) + " levels");
        }
        Node partial;
        if (std::string error = parse(v->text(), partial); !error.empty()) return fail(std::move(error));
        ++partial_depth_;
        const bool ok = nodes(partial.children);
        --partial_depth_;
        return ok;
      }
    }
    return true;
  }
};

}  // namespace tree

std::string strip_standalone_lines(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t end = text.find('\n', pos);
    std::size_t next = end == std::string_view::npos ? text.size() : end + 1;
    std::string_view line = text.substr(pos, (end == std::string_view::npos ? text.size() : end) - pos);
    std::size_t b = line.find_first_not_of(" \t");
    std::size_t e = line.find_last_not_of(" \t\r");
    bool standalone = false;
    if (b != std::string_view::npos) {
      std::string_view tag = line.substr(b, e - b + 1);
      standalone = tag.size() > 4 && tag.substr(0, 2) == "{{" && tag.substr(tag.size() - 2) == "}}" &&
                   std::string_view("#^/!").find(tag[2]) != std::string_view::npos &&
                   tag.find("{{", 2) == std::string_view::npos;
      if (standalone) {
        out += tag;
        out += tree::kMarker;
      }
    }
    if (!standalone) out.append(text.substr(pos, next - pos));
    pos = next;
  }
  return out;
}

struct Renderer::Impl {
  struct Compiled {
    tree::Node root;
    std::string error;
  };
  std::map<std::string, Compiled, std::less<>> compiled;  // by template name
  Data view = Data::object();
  std::string scratch;  // every render is built here; it keeps the largest capacity any render needed
};

Renderer::Renderer() : impl_(std::make_unique<Impl>()) {}
Renderer::~Renderer() = default;

void Renderer::set_view(Data view) { impl_->view = std::move(view); }

namespace tree {

// A line break ends the line and resets what the line saw; a line that starts after one, in the same
// list, and holds only text until the next, cannot be dropped: the pair becomes one Line node.
void join_plain_lines(std::vector<Node>& list) {
  std::vector<Node> out;
  out.reserve(list.size());
  bool after_break = false;  // the last node kept is a Newline or a Line
  for (std::size_t i = 0; i < list.size(); ++i) {
    Node& n = list[i];
    if (n.kind == NodeKind::Section || n.kind == NodeKind::Inverted) join_plain_lines(n.children);
    if (after_break && n.kind == NodeKind::Text && i + 1 < list.size() && list[i + 1].kind == NodeKind::Newline) {
      n.kind = NodeKind::Line;
      n.text += list[i + 1].text;
      ++i;
    } else if (after_break && n.kind == NodeKind::Newline) {
      n.kind = NodeKind::Line;
    }
    after_break = n.kind == NodeKind::Newline || n.kind == NodeKind::Line;
    out.push_back(std::move(n));
  }
  list = std::move(out);
}

void compile(const std::string& text, Node& root, std::string& error) {
  if (text.find(kMarker) != std::string::npos) {
    error = "contains the control character U+0001";
    return;
  }
  error = parse(strip_standalone_lines(text), root);
  if (error.empty()) join_plain_lines(root.children);
}

// Renders into `scratch` and returns a copy of exactly its size: a build keeps every output until it is
// written, and text grown by appending (or reserved by a guess) held up to a seventh more (20 MB of the
// handler skeletons' 140 MB at N=10,000).
Rendered run(const Node& root, const Data& view, std::string& scratch) {
  scratch.clear();
  Render r(scratch, view);
  if (!r.nodes(root.children)) return Rendered{"", r.failure()};
  r.finish();
  if (scratch.find(kMarker) != std::string::npos) std::erase(scratch, kMarker);  // from a value
  return Rendered{std::string(scratch), ""};
}

}  // namespace tree

Rendered Renderer::render(const std::string& name, const std::string& text) {
  auto it = impl_->compiled.find(name);
  if (it == impl_->compiled.end()) {
    it = impl_->compiled.emplace(name, Impl::Compiled{}).first;
    tree::compile(text, it->second.root, it->second.error);
  }
  Impl::Compiled& c = it->second;
  if (!c.error.empty()) return Rendered{"", c.error};
  return tree::run(c.root, impl_->view, impl_->scratch);
}

Rendered render(const std::string& template_text, const model::Json& view) {
  tree::Node root;
  std::string error;
  tree::compile(template_text, root, error);
  if (!error.empty()) return Rendered{"", error};
  std::string scratch;
  return tree::run(root, Data::from_json(view), scratch);
}

}  // namespace slipway::emit::handlers
