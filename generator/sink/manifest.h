// The manifest: which files under the output folder slipway generated, with their content hashes.
#pragma once
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace slipway::sink {

// How a manifest's hashes were computed: its "hash" member. Manifests written before that member existed
// used FNV-1a 64 (with the offset manifest.cc gives); a name this build does not know (a newer
// slipway's) is Unknown, and then no file of that manifest can be shown unedited.
enum class HashAlgorithm { Fnv1a64, Xxh3_64, Unknown };

inline constexpr HashAlgorithm kHashAlgorithm = HashAlgorithm::Xxh3_64;  // what this build writes

struct Manifest {
  HashAlgorithm algorithm = kHashAlgorithm;
  std::map<std::string, std::string> files;  // path -> content hash
};

// A manifest's entries: path and content hash (kHashAlgorithm), sorted by path.
using ManifestEntries = std::vector<std::pair<std::string_view, std::string_view>>;

// The manifest of `files` as JSON text (deterministic: the entries come sorted).
std::string manifest_text(const ManifestEntries& files);

// The entries of a manifest; entries that are not path -> string are skipped, unreadable text gives none.
Manifest parse_manifest(const std::string& text);

// The hash of `s` as 16 hex digits: with kHashAlgorithm, or with `algorithm` ("" for Unknown).
std::string content_hash(std::string_view s);
std::string content_hash(std::string_view s, HashAlgorithm algorithm);

// The hash of a text given in parts, as content_hash gives it for the parts joined.
class ContentHasher {
 public:
  explicit ContentHasher(HashAlgorithm algorithm = kHashAlgorithm);
  ~ContentHasher();
  ContentHasher(const ContentHasher&) = delete;
  ContentHasher& operator=(const ContentHasher&) = delete;
  void update(std::string_view part);
  std::string hex() const;

 private:
  struct Xxh3;  // xxhash's streaming state
  HashAlgorithm algorithm_;
  std::uint64_t fnv_;
  std::unique_ptr<Xxh3> xxh3_;
};

}  // namespace slipway::sink
