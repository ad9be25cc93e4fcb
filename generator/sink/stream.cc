// A build that writes its files as they are made (Stream in sink.h): the plan's judgement and apply's
// writes, file by file, on the threads that make the files.
#include <algorithm>
#include <atomic>
#include <deque>
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
  // failed, is that failure: the other writers stop writing too). Asked before every file: once the stage
  // is open, and while no write has failed, the answer is read without the lock.
  std::string open_stage() {
    if (stage_ready.load(std::memory_order_acquire)) return {};
    std::lock_guard<std::mutex> lock(mutex);
    if (!stage_tried) {
      stage_tried = true;
      stage_error = state->error.empty() ? state->stage.open(state->root, disk) : state->error;
      stage_ready.store(stage_error.empty(), std::memory_order_release);
    }
    return stage_error;
  }
  void failed(const std::string& err) {
    std::lock_guard<std::mutex> lock(mutex);
    if (stage_error.empty()) stage_error = err;
    stage_ready.store(false, std::memory_order_release);
  }

  // Read for every file by every writer, and written at most twice.
  Disk& disk;
  std::shared_ptr<PlanState> state;
  const Mode mode;
  std::atomic<bool> stage_ready{false};  // the stage is open and no write has failed
  // A cache line of its own: taking the lock would otherwise take the line above from the other writers.
  alignas(64) std::mutex mutex;  // guards what follows
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
    std::unique_ptr<Texts> texts;
    std::optional<HashDigits> hash;  // none for a file the developer owns or an unsafe path
    Judged::Kind kind;
    bool hand_edited;
  };

  explicit Writer(Shared& shared) : shared_(shared) {}

  using base::FileSink::add;
  void add(std::string path, std::string_view content, base::Ownership ownership) override {
    const PlanState& st = *shared_.state;
    Judged j = judge(st, path, content, ownership, shared_.disk);
    using K = Judged::Kind;
    const bool changed = j.kind == K::OwnedNew || j.kind == K::Create || j.kind == K::Update;
    if (changed && shared_.mode == Mode::Check) {
      kept_.push_back({std::move(path), std::make_unique<Texts>(Texts{std::string(content), std::move(j.before)}),
                       digits(j.hash), j.kind, j.hand_edited});
      return;
    }
    if (changed && !j.hand_edited) {
      if (std::unique_ptr<NewFile> file = create_in_stage(path)) {
        std::string err = file->write(content);
        if (err.empty()) err = file->finish();
        if (!err.empty()) shared_.failed(err);
      }
    }
    kept_.push_back({std::move(path), nullptr, digits(j.hash), j.kind, j.hand_edited});
  }

  // A generated file of a writing stream is judged and written part by part (Parts); anything else (a
  // checking stream, which keeps the texts anyway, a file the developer owns, an unsafe path) is joined
  // and added.
  std::unique_ptr<base::FileParts> open(std::string path, base::Ownership ownership) override;

  std::deque<Kept>& kept() { return kept_; }

 private:
  static std::optional<HashDigits> digits(const std::string& hex) {
    if (hex.empty()) return std::nullopt;
    return HashDigits::of(hex);
  }

  class Parts;

  // The new file `path` in the stage, with the folders above it; nullptr when it cannot be made (the stream
  // then knows why).
  std::unique_ptr<NewFile> create_in_stage(const std::string& path) {
    if (!shared_.open_stage().empty()) return nullptr;
    const PlanState& st = *shared_.state;
    if (!folders_) folders_.emplace(st, st.stage.path(), shared_.disk);
    std::string err = folders_->above(path);
    std::unique_ptr<NewFile> file;
    if (err.empty()) file = shared_.disk.create_new(join(st.stage.path(), path), err);
    if (!file) shared_.failed(err);
    return file;
  }

  Shared& shared_;
  std::optional<StageFolders> folders_;  // made once the stage is open
  std::deque<Kept> kept_;  // a deque: no copy of the whole, twice the size, each time it grows (1M files)
};

// A generated file of a writing stream handed on in parts. Each part is hashed and compared with the file
// on disk as it comes; from the first byte that differs (or at once, when there is no such file) the new
// file is written into the stage, starting with the bytes that matched, copied from the file on disk. An
// unchanged file is thus read and never written, and no more of either text is in memory than a part and
// a block of the file on disk.
class Stream::Writer::Parts final : public base::FileParts {
 public:
  Parts(Writer& writer, std::string path, std::unique_ptr<ReadFile> old)
      : writer_(writer), path_(std::move(path)), old_(std::move(old)), comparing_(old_ != nullptr) {
    if (!old_) out_ = writer_.create_in_stage(path_);
  }
  Parts(const Parts&) = delete;
  Parts& operator=(const Parts&) = delete;
  // Dropped before `done` (a backend that threw), the file may be half written in the stage: the stream
  // must not be applied.
  ~Parts() override {
    if (!finished_) writer_.shared_.failed("the build did not finish '" + path_ + "'");
  }

  void append(std::string_view part) override {
    hash_.update(part);
    if (comparing_) {
      if (same_as_old(part)) {
        matched_ += part.size();
        return;
      }
      differ();
    }
    write(part);
  }

  void done() override {
    finished_ = true;
    if (comparing_ && !old_ends_at(matched_)) differ();  // the new text is the start of the one on disk
    using K = Judged::Kind;
    const K kind = !old_ ? K::Create : comparing_ ? K::Unchanged : K::Update;
    if (out_) {
      if (std::string err = out_->finish(); !err.empty()) writer_.shared_.failed(err);
      out_.reset();
    }
    writer_.kept_.push_back({std::move(path_), nullptr, HashDigits::of(hash_.hex()), kind, hand_edited_});
  }

 private:
  static constexpr std::size_t kBlock = std::size_t{64} << 10;

  // Reads `n` bytes of the file on disk from `offset` into block_; false (the stream told why) when it
  // cannot be read.
  bool read_old(std::uint64_t offset, std::size_t n, std::size_t& got) {
    block_.resize(kBlock);
    std::optional<std::size_t> r = old_->read_at(offset, block_.data(), n);
    if (!r) {
      writer_.shared_.failed("cannot read '" + join(writer_.shared_.state->root, path_) + "'");
      return false;
    }
    got = *r;
    return true;
  }

  bool same_as_old(std::string_view part) {
    for (std::size_t at = 0; at < part.size();) {
      const std::size_t n = std::min(kBlock, part.size() - at);
      std::size_t got = 0;
      if (!read_old(matched_ + at, n, got) || got != n || part.compare(at, n, block_.data(), n) != 0) return false;
      at += n;
    }
    return true;
  }

  bool old_ends_at(std::uint64_t offset) {
    std::size_t got = 0;
    return read_old(offset, 1, got) && got == 0;
  }

  // The new text differs from the file on disk after its first matched_ bytes. Unless that file was edited
  // by hand since the last build (then apply refuses the plan, and nothing is written), the new file is
  // staged, starting with those bytes.
  void differ() {
    comparing_ = false;
    hand_edited_ = edited_by_hand(*writer_.shared_.state, path_, [&](HashAlgorithm a) {
      ContentHasher on_disk(a);
      std::size_t got = 0;
      for (std::uint64_t at = 0; read_old(at, kBlock, got) && got > 0; at += got) {
        on_disk.update(std::string_view(block_.data(), got));
      }
      return on_disk.hex();
    });
    if (hand_edited_) return;
    out_ = writer_.create_in_stage(path_);
    std::size_t got = 0;
    for (std::uint64_t at = 0; out_ && at < matched_; at += got) {
      const std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(kBlock, matched_ - at));
      if (!read_old(at, n, got) || got != n) {
        if (got != n) writer_.shared_.failed("'" + join(writer_.shared_.state->root, path_) + "' changed while read");
        out_.reset();
        return;
      }
      write(std::string_view(block_.data(), got));
    }
  }

  void write(std::string_view part) {
    if (!out_) return;
    if (std::string err = out_->write(part); !err.empty()) {
      writer_.shared_.failed(err);
      out_.reset();
    }
  }

  Writer& writer_;
  std::string path_;
  std::unique_ptr<ReadFile> old_;  // the file on disk, when there is one to compare with
  bool comparing_;                 // every part so far matched the file on disk
  std::uint64_t matched_ = 0;      // bytes of the new text that matched it
  bool hand_edited_ = false;
  bool finished_ = false;
  std::unique_ptr<NewFile> out_;   // the file in the stage, once it is written
  ContentHasher hash_;
  std::string block_;              // a block of the file on disk
};

std::unique_ptr<base::FileParts> Stream::Writer::open(std::string path, base::Ownership ownership) {
  Judged j;
  std::string compare_with;
  if (shared_.mode == Mode::Check || !judge_path(*shared_.state, path, ownership, j, compare_with)) {
    return base::FileSink::open(std::move(path), ownership);
  }
  std::unique_ptr<ReadFile> old = compare_with.empty() ? nullptr : shared_.disk.open_read(compare_with);
  return std::make_unique<Parts>(*this, std::move(path), std::move(old));
}

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
  st.paths.reserve(all.size());
  st.streamed_texts.reserve(static_cast<std::size_t>(
      std::count_if(all.begin(), all.end(), [](const Kept* k) { return k->texts != nullptr; })));  // views stay
  for (Kept* k : all) st.paths.push_back(std::move(k->path));
  st.outputs.assign(st.paths.begin(), st.paths.end());
  const std::vector<bool> clashes = folder_clashes(st.outputs);
  p.changes.reserve(all.size() + 1);  // and the manifest
  for (std::size_t i = 0; i < all.size(); ++i) {
    Kept& k = *all[i];
    Judged j;
    j.kind = clashes[i] ? Judged::Kind::Unsafe : k.kind;
    if (k.hash) j.hash = k.hash->text();
    j.hand_edited = k.hand_edited;
    std::string_view after;
    if (k.texts) {
      j.before = std::move(k.texts->before);
      after = st.streamed_texts.emplace_back(std::move(k.texts->after));
    }
    record(p, st, st.paths[i], std::move(j), after);
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
