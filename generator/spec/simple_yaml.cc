#include "spec/simple_yaml.h"

#include <string>
#include <vector>

namespace slipway::spec {

namespace {

using Type = YamlEvent::Type;

constexpr std::size_t kMaxFlowDepth = 64;
constexpr std::size_t kMaxKeyBytes = 1000;  // libyaml looks no further than 1024 characters for a key's ':'

// True when every character of `text` is one libyaml reads as printable and not as a line break other
// than "\n": no control character (tab and CR included), no C1 control or NEL, no LS or PS, no byte
// order mark and no U+FFFE or U+FFFF. Sets `ascii` when every byte is below 0x80.
bool printable(std::string_view text, bool& ascii) {
  ascii = true;
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t n = text.size();
  for (std::size_t i = 0; i < n; ++i) {
    const unsigned char b = s[i];
    if ((b >= 0x20 && b < 0x7F) || b == '\n') continue;
    if (b < 0x80) return false;
    ascii = false;
    if (b == 0xC2 && i + 1 < n && s[i + 1] < 0xA0) return false;
    if (b == 0xE2 && i + 2 < n && s[i + 1] == 0x80 && (s[i + 2] == 0xA8 || s[i + 2] == 0xA9)) return false;
    if (b == 0xEF && i + 2 < n && ((s[i + 1] == 0xBB && s[i + 2] == 0xBF) || (s[i + 1] == 0xBF && s[i + 2] >= 0xBE))) {
      return false;
    }
  }
  return true;
}

bool flow_indicator(char c) { return c == ',' || c == '[' || c == ']' || c == '{' || c == '}'; }

class Scanner {
 public:
  Scanner(std::string_view text, YamlEventSink& sink, bool ascii) : t_(text), sink_(sink), ascii_(ascii) {}

  bool run() {
    start_line(0);
    while (true) {
      if (!line()) return false;  // may go on over further lines, in a flow collection
      if (le_ == t_.size()) break;
      start_line(le_ + 1);
      ++line_;
    }
    if (!started_) return false;
    if (pending_ && !empty_value()) return false;
    while (!stack_.empty()) {
      if (!close()) return false;
    }
    return true;
  }

 private:
  struct Block {
    std::uint32_t indent;
    bool mapping;
    bool indentless;  // a sequence at its mapping's own indentation ("key:\n- item")
  };

  // The column, in characters, of byte `at` of the current line. In a text with multi-byte characters it
  // counts on from the last position asked (positions are asked in order along a line), so that a long
  // line costs its length once, not once per scalar.
  std::uint32_t col(std::size_t at) {
    if (ascii_) return static_cast<std::uint32_t>(at - line_start_);
    if (at < counted_to_) {
      counted_to_ = line_start_;
      counted_ = 0;
    }
    for (; counted_to_ < at; ++counted_to_) counted_ += (static_cast<unsigned char>(t_[counted_to_]) & 0xC0) != 0x80;
    return counted_;
  }

  bool emit(Type type, std::uint32_t column, std::string_view value = {}, bool plain = false, bool flow = false) {
    YamlEvent e;
    e.type = type;
    e.line = line_;
    e.column = column;
    e.value = value;
    e.plain = plain;
    e.flow = flow;
    return sink_.on(e);
  }

  bool open(bool mapping, std::size_t at, bool indentless) {
    const std::uint32_t c = col(at);
    stack_.push_back({c, mapping, indentless});
    return emit(mapping ? Type::MappingStart : Type::SequenceStart, c);
  }

  bool close() {
    const bool mapping = stack_.back().mapping;
    stack_.pop_back();
    return emit(mapping ? Type::MappingEnd : Type::SequenceEnd, 0);
  }

  // The value of a key written with nothing after its ':': an empty plain scalar just after the ':'.
  bool empty_value() {
    pending_ = false;
    YamlEvent e;
    e.line = pending_line_;
    e.column = pending_column_;
    e.plain = true;
    return sink_.on(e);
  }

  std::size_t skip_spaces(std::size_t q) const {
    while (q < le_ && t_[q] == ' ') ++q;
    return q;
  }

  // Whether a plain scalar may start at `q`: not with an indicator, nor with "-", "?" or ":" before a space.
  bool plain_first(std::size_t q) const {
    const char c = t_[q];
    switch (c) {
      case '-': return q + 1 < le_ && t_[q + 1] != ' ';
      case '?': case ':': case ',': case '[': case ']': case '{': case '}': case '#': case '&': case '*':
      case '!': case '|': case '>': case '\'': case '"': case '%': case '@': case '`':
        return false;
      default: return true;
    }
  }

  // Whether ':' at `q` ends a key: followed by a space or the end of the line.
  bool key_colon(std::size_t q) const { return t_[q] == ':' && (q + 1 == le_ || t_[q + 1] == ' '); }

  // Whether '#' at `q` starts a comment: at the start of its line or after a space.
  bool comment(std::size_t q) const { return t_[q] == '#' && (q == line_start_ || t_[q - 1] == ' '); }

  void start_line(std::size_t at) {
    line_start_ = at;
    counted_to_ = at;
    counted_ = 0;
    le_ = t_.find('\n', at);
    if (le_ == std::string_view::npos) le_ = t_.size();
  }

  bool line() {
    const std::size_t ls = line_start_;
    std::size_t p = skip_spaces(ls);
    if (p == le_ || t_[p] == '#') return true;  // blank, or a comment alone
    const std::uint32_t indent = static_cast<std::uint32_t>(p - ls);
    if (indent == 0 && le_ - p >= 3 && (t_.compare(p, 3, "---") == 0 || t_.compare(p, 3, "...") == 0)) return false;
    const bool dash = t_[p] == '-' && (p + 1 == le_ || t_[p + 1] == ' ');

    bool opened = false;
    if (pending_) {
      const Block& owner = stack_.back();
      if (indent > owner.indent) {
        pending_ = false;
        if (!open(!dash, p, false)) return false;
        opened = true;
      } else if (dash && indent == owner.indent) {
        pending_ = false;
        if (!open(false, p, true)) return false;
        opened = true;
      } else if (!empty_value()) {
        return false;
      }
    }
    if (!opened) {
      if (stack_.empty()) {
        if (started_) return false;  // a second root
        started_ = true;
        if (!open(!dash, p, false)) return false;
      } else {
        while (!stack_.empty() && (stack_.back().indent > indent ||
                                   (stack_.back().indentless && stack_.back().indent == indent && !dash))) {
          if (!close()) return false;
        }
        if (stack_.empty() || stack_.back().indent != indent || stack_.back().mapping == dash) return false;
      }
    }
    return stack_.back().mapping ? key_value(p) : item(p);
  }

  // "key: value", "key:" or "key: # comment" at `p`.
  bool key_value(std::size_t p) {
    if (!plain_first(p)) return false;
    std::size_t q = p;
    for (; q < le_ && !key_colon(q); ++q) {
      if (comment(q) || flow_indicator(t_[q])) return false;
    }
    if (q == le_ || q - p > kMaxKeyBytes) return false;
    std::size_t key_end = q;
    while (t_[key_end - 1] == ' ') --key_end;
    if (!emit(Type::Scalar, col(p), t_.substr(p, key_end - p), true)) return false;
    const std::size_t v = skip_spaces(q + 1);
    if (v == le_ || t_[v] == '#') {
      pending_ = true;
      pending_line_ = line_;
      pending_column_ = col(q) + 1;
      return true;
    }
    return value(v);
  }

  // Whether the text at `v` is a key of a compact mapping ("- key: value"): a plain scalar up to ": ".
  bool starts_key(std::size_t v) const {
    if (!plain_first(v)) return false;
    for (std::size_t q = v; q < le_ && !comment(q); ++q) {
      if (key_colon(q)) return true;
    }
    return false;
  }

  // "- value" or "- key: value" at `p`.
  bool item(std::size_t p) {
    const std::size_t v = skip_spaces(p + 1);
    if (v == le_ || t_[v] == '#') return false;                           // an empty item
    if (t_[v] == '-' && (v + 1 == le_ || t_[v + 1] == ' ')) return false;  // a sequence in a sequence
    if (starts_key(v)) return open(true, v, false) && key_value(v);
    return value(v);
  }

  // A value in block context at `v`, then nothing but spaces and a comment. A flow collection may go on
  // over further lines; the line it ends on becomes the current line.
  bool value(std::size_t v) {
    const char c = t_[v];
    std::size_t end = v;
    if (c == '[' || c == '{') {
      if (!flow_node(end, 0)) return false;
    } else if (c == '\'' || c == '"') {
      if (!quoted(end)) return false;
    } else {
      if (!plain_first(v)) return false;
      std::size_t last = v;
      for (std::size_t q = v; q < le_ && !comment(q); ++q) {
        if (key_colon(q)) return false;  // "key: a: b"
        if (t_[q] != ' ') last = q + 1;
      }
      return emit(Type::Scalar, col(v), t_.substr(v, last - v), true);
    }
    const std::size_t q = skip_spaces(end);
    return q == le_ || (t_[q] == '#' && q > end);
  }

  // A quoted scalar at `q` that ends on its line; `q` moves past the closing quote.
  bool quoted(std::size_t& q) {
    const std::size_t start = q;
    const char quote = t_[q++];
    bool copied = false;
    std::size_t run = q;  // the start of the text not yet copied
    scratch_.clear();
    while (true) {
      if (q >= le_) return false;
      const char c = t_[q];
      if (quote == '\'' && c == '\'') {
        if (q + 1 < le_ && t_[q + 1] == '\'') {
          scratch_.append(t_.substr(run, q + 1 - run));
          copied = true;
          q += 2;
          run = q;
          continue;
        }
        break;
      }
      if (quote == '"' && c == '"') break;
      if (quote == '"' && c == '\\') {
        if (q + 1 >= le_) return false;
        const char e = t_[q + 1];
        char out = 0;
        switch (e) {
          case '"': case '\\': out = e; break;
          case 'n': out = '\n'; break;
          case 't': out = '\t'; break;
          default: return false;
        }
        scratch_.append(t_.substr(run, q - run));
        scratch_.push_back(out);
        copied = true;
        q += 2;
        run = q;
        continue;
      }
      ++q;
    }
    std::string_view text = t_.substr(run, q - run);
    if (copied) {
      scratch_.append(text);
      text = scratch_;
    }
    ++q;  // the closing quote
    return emit(Type::Scalar, col(start), text, false);
  }

  // Inside a flow collection: moves `q` over spaces, comments and line breaks to the next token. A line
  // that goes on must be indented deeper than the block around the collection. False at the end of the
  // text.
  bool flow_space(std::size_t& q) {
    while (true) {
      q = skip_spaces(q);
      if (q < le_ && !comment(q)) return true;
      if (le_ == t_.size()) return false;
      start_line(le_ + 1);
      ++line_;
      q = skip_spaces(line_start_);
      if (q < le_ && t_[q] != '#' && (stack_.empty() || q - line_start_ <= stack_.back().indent)) return false;
    }
  }

  // A plain scalar inside a flow collection at `q`, on one line; `q` moves to the character after it.
  bool flow_plain(std::size_t& q) {
    if (!plain_first(q)) return false;
    const std::size_t start = q;
    std::size_t last = q;
    for (; q < le_ && !flow_indicator(t_[q]); ++q) {
      if (t_[q] == ':') {
        if (key_colon(q)) break;
        if (flow_indicator(t_[q + 1]) || t_[q + 1] == '?') return false;  // "[a:]", "{ a: b:? }": errors
      }
      if (comment(q)) break;
      if (t_[q] != ' ') last = q + 1;
    }
    q = last;
    return emit(Type::Scalar, col(start), t_.substr(start, last - start), true);
  }

  // Any node inside a flow collection, or a flow collection itself, at `q`; `q` moves past it.
  bool flow_node(std::size_t& q, std::size_t depth) {
    const char c = t_[q];
    if (c == '[' || c == '{') {
      if (depth >= kMaxFlowDepth) return false;
      return flow_collection(q, depth + 1, c == '{');
    }
    if (c == '\'' || c == '"') return quoted(q);
    return flow_plain(q);
  }

  // After a node inside a flow collection, the next token must be ',' or `closing`: a plain scalar
  // going on over the next line, or anything else, is left to libyaml.
  bool flow_collection(std::size_t& q, std::size_t depth, bool mapping) {
    const char closing = mapping ? '}' : ']';
    if (!emit(mapping ? Type::MappingStart : Type::SequenceStart, col(q), {}, false, true)) return false;
    ++q;
    if (!flow_space(q)) return false;
    while (t_[q] != closing) {
      if (mapping) {
        if (t_[q] == '\'' || t_[q] == '"' || t_[q] == '[' || t_[q] == '{') return false;  // keys are plain
        if (!flow_plain(q) || q >= le_ || !key_colon(q)) return false;
        ++q;
        if (!flow_space(q) || t_[q] == ',' || t_[q] == closing) return false;  // a key without a value
      }
      if (!flow_node(q, depth) || !flow_space(q)) return false;
      if (t_[q] == ',') {
        ++q;
        if (!flow_space(q)) return false;
      } else if (t_[q] != closing) {
        return false;
      }
    }
    ++q;
    return emit(mapping ? Type::MappingEnd : Type::SequenceEnd, 0);
  }

  std::string_view t_;
  YamlEventSink& sink_;
  const bool ascii_;
  std::vector<Block> stack_;
  std::size_t line_start_ = 0;  // the current line's first byte
  std::size_t le_ = 0;          // its end: the "\n" or the end of the text
  std::size_t counted_to_ = 0;  // col(): the byte up to which the line's characters are counted
  std::uint32_t counted_ = 0;   // and how many there are
  std::uint32_t line_ = 0;
  bool started_ = false;
  bool pending_ = false;  // the last key has no value on its line
  std::uint32_t pending_line_ = 0, pending_column_ = 0;
  std::string scratch_;  // a quoted scalar with escapes, decoded
};

}  // namespace

bool scan_simple_yaml(std::string_view text, YamlEventSink& sink) {
  bool ascii = true;
  if (!printable(text, ascii)) return false;
  return Scanner(text, sink, ascii).run();
}

}  // namespace slipway::spec
