// A build that writes its files as they are made (Stream in sink.h): the plan's judgement and apply's
// writes, file by file, on the threads that make the files.
#include <algorithm>
#include <iterator>
#include <mutex>
#include <optional>
#include <queue>

#include "sink/sink.h"
#include "sink/state.h"

namespace slipway::sink {

struct Stream::Shared {
  Shared(Disk& d, std::shared_ptr<PlanState> s, Mode m) : disk(d), state(std::move(s)), mode(m) {}

  // Opens the stage when the first file is written; "" or why nothing can be written (which, once a write
  // failed, is that failure: the other writers stop writing too).
  std::string open_stage() {
    std::lock_guard<std::mutex> lock(mutex);
    if (!stage_tried) {
      stage_tried = true;
      stage_error = state->error.empty() ? state->stage.open(state->root, disk) : state->error;
    }
    return stage_error;
  }
  void failed(const std::string& err) {
    std::lock_guard<std::mutex> lock(mutex);
    if (stage_error.empty()) stage_error = err;
  }

  Disk& disk;
  std::shared_ptr<PlanState> state;
  const Mode mode;
  std::mutex mutex;  // guards what follows
  std::vector<std::unique_ptr<Writer>> writers;
  bool stage_tried = false;
  std::string stage_error;
};

class Stream::Writer final : public base::FileSink {
 public:
  // What a checking stream keeps of a new or changed file.
  struct Texts {
    std::string after;
    std::optional<std::string> before;
  };
  // What a writer keeps of a file once it is judged (and written): its content is gone, unless a checking
  // stream keeps it.
  struct Kept {
    std::string path;
    std::string hash;
    Judged::Kind kind;
    bool hand_edited;
    std::unique_ptr<Texts> texts;
  };

  explicit Writer(Shared& shared) : shared_(shared) {}

  using base::FileSink::add;
  void add(std::string path, std::string_view content, base::Ownership ownership) override {
    const PlanState& st = *shared_.state;
    Judged j = judge(st, path, content, ownership, shared_.disk);
    using K = Judged::Kind;
    const bool changed = j.kind == K::OwnedNew || j.kind == K::Create || j.kind == K::Update;
    if (changed && shared_.mode == Mode::Check) {
      kept_.push_back({std::move(path), std::move(j.hash), j.kind, j.hand_edited,
                       std::make_unique<Texts>(Texts{std::string(content), std::move(j.before)})});
      return;
    }
    if (changed && !j.hand_edited) {
      if (std::string err = shared_.open_stage(); err.empty()) {
        if (!folders_) folders_.emplace(st, st.stage.path(), shared_.disk);
        err = folders_->above(path);
        if (err.empty()) err = shared_.disk.write_new(join(st.stage.path(), path), content);
        if (!err.empty()) shared_.failed(err);
      }
    }
    kept_.push_back({std::move(path), std::move(j.hash), j.kind, j.hand_edited, nullptr});
  }

  std::vector<Kept>& kept() { return kept_; }

 private:
  Shared& shared_;
  std::optional<StageFolders> folders_;  // made once the stage is open
  std::vector<Kept> kept_;
};

Stream::Stream(const std::string& root, Disk& disk, Mode mode, const Options& options)
    : shared_(std::make_unique<Shared>(disk, read_folder(root, disk, options), mode)) {}

Stream::~Stream() = default;

base::FileSink& Stream::writer() {
  std::lock_guard<std::mutex> lock(shared_->mutex);
  shared_->writers.push_back(std::make_unique<Writer>(*shared_));
  return *shared_->writers.back();
}

Plan Stream::close() {
  Plan p;
  p.state = shared_->state;
  PlanState& st = *p.state;
  std::lock_guard<std::mutex> lock(shared_->mutex);
  st.stage_error = shared_->stage_error;

  // Every writer's files in path order. Backends add their files mostly in path order already (the
  // handlers backend's 800,000 at N=100,000 come handler by handler after the system's own; the IAM
  // backend's break the order only where a role's trust document comes before its policy), so the runs
  // already in order are kept and merged, the two shortest first, as Huffman codes are built: the long
  // runs take part in a merge or two, not in one per halving of the number of runs. Sorting all the
  // files as one was most of the time spent closing (0.4 s at N=100,000). Pointers move, not files.
  using Kept = Writer::Kept;
  using Run = std::vector<Kept*>;
  auto by_path = [](const Kept* a, const Kept* b) { return a->path < b->path; };
  std::vector<Run> runs;
  for (const auto& w : shared_->writers) {
    for (Kept& k : w->kept()) {
      if (runs.empty() || runs.back().empty() || by_path(&k, runs.back().back())) runs.emplace_back();
      runs.back().push_back(&k);
    }
  }
  auto longer = [&runs](std::size_t a, std::size_t b) { return runs[a].size() > runs[b].size(); };
  std::priority_queue<std::size_t, std::vector<std::size_t>, decltype(longer)> shortest(longer);
  for (std::size_t r = 0; r < runs.size(); ++r) shortest.push(r);
  while (shortest.size() > 1) {
    const std::size_t a = shortest.top();
    shortest.pop();
    const std::size_t b = shortest.top();
    shortest.pop();
    Run merged;
    merged.reserve(runs[a].size() + runs[b].size());
    std::merge(runs[a].begin(), runs[a].end(), runs[b].begin(), runs[b].end(), std::back_inserter(merged), by_path);
    runs[a] = std::move(merged);
    runs[b] = Run{};
    shortest.push(a);
  }
  std::vector<Kept*> all = shortest.empty() ? Run{} : std::move(runs[shortest.top()]);
  runs.clear();
  auto same_path = [](const Kept* a, const Kept* b) { return a->path == b->path; };
  auto twice = std::adjacent_find(all.begin(), all.end(), same_path);
  if (twice != all.end()) {  // (its second write, if any, failed: this says why)
    st.stage_error = "the build made '" + (*twice)->path + "' twice (a bug in slipway: please report it)";
  }
  all.erase(std::unique(all.begin(), all.end(), same_path), all.end());

  st.streamed = shared_->mode == Mode::Write;
  st.streamed_paths.reserve(all.size());
  st.streamed_texts.reserve(static_cast<std::size_t>(
      std::count_if(all.begin(), all.end(), [](const Kept* k) { return k->texts != nullptr; })));  // views stay
  for (Kept* k : all) st.streamed_paths.push_back(std::move(k->path));
  st.outputs.assign(st.streamed_paths.begin(), st.streamed_paths.end());
  const std::vector<bool> clashes = folder_clashes(st.outputs);
  p.changes.reserve(all.size() + 1);  // and the manifest
  for (std::size_t i = 0; i < all.size(); ++i) {
    Kept& k = *all[i];
    Judged j;
    j.kind = clashes[i] ? Judged::Kind::Unsafe : k.kind;
    j.hash = std::move(k.hash);
    j.hand_edited = k.hand_edited;
    std::string_view after;
    if (k.texts) {
      j.before = std::move(k.texts->before);
      after = st.streamed_texts.emplace_back(std::move(k.texts->after));
    }
    record(p, st, st.streamed_paths[i], std::move(j), after);
  }
  all.clear();
  for (auto& w : shared_->writers) {
    w->kept().clear();
    w->kept().shrink_to_fit();
  }
  finish_plan(p, st, shared_->disk);
  return p;
}

}  // namespace slipway::sink
