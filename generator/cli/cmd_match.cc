// slipway match PATTERN.json EVENT.json: does an EventBridge pattern match an event?
// Exit 0 when it matches, 1 when it does not (with the first field that failed), 2 when a file cannot be
// read, is not JSON, or the pattern is invalid.
#include <memory>
#include <ostream>

#include "cli/commands.h"
#include "match/pattern.h"

namespace slipway::cli {

namespace {

std::optional<match::Value> load_json(const std::string& path, const char* what, Io& io) {
  auto text = io.reader.read(path);
  if (!text) {
    io.err << path << ": error: cannot read the " << what << " file [io]\n";
    return std::nullopt;
  }
  std::string error;
  auto v = match::parse_json(*text, error);
  if (!v) io.err << path << ": error: the " << what << " is not valid JSON: " << error << " [invalid-json]\n";
  return v;
}

}  // namespace

void setup_match(CLI::App& sub, Io& io, int& exit_code) {
  struct Opts {
    std::string pattern, event;
    bool quiet = false;
  };
  auto o = std::make_shared<Opts>();
  sub.add_option("pattern", o->pattern, "EventBridge event pattern (JSON file)")->required();
  sub.add_option("event", o->event, "Event (JSON file)")->required();
  sub.add_flag("-q,--quiet", o->quiet, "Print nothing; only the exit code tells");
  sub.callback([o, &io, &exit_code] {
    auto pattern = load_json(o->pattern, "pattern", io);
    auto event = load_json(o->event, "event", io);
    if (!pattern || !event) {
      exit_code = kUsage;
      return;
    }
    if (std::string err = match::validate_pattern(*pattern); !err.empty()) {
      io.err << o->pattern << ": error: invalid event pattern: " << err << " [invalid-pattern]\n";
      exit_code = kUsage;
      return;
    }
    if (!event->is_object()) {
      io.err << o->event << ": error: an event must be a JSON object [invalid-json]\n";
      exit_code = kUsage;
      return;
    }
    match::MatchResult r = match::match_event(*pattern, *event);
    if (r.matched) {
      if (!o->quiet) io.out << "match\n";
      exit_code = kOk;
    } else {
      if (!o->quiet) io.out << "no match: " << r.reason << "\n";
      exit_code = kFailed;
    }
  });
}

}  // namespace slipway::cli
