// A list of strings kept in one buffer, for data that holds many short lists for a long time (the IAM
// model: every statement's actions and resources). A std::vector<std::string> spends 32 bytes per string
// and, past 15 characters, an allocation of its own; here each string costs its length plus one byte
// (two past 127 characters), and the whole list one allocation.
//
// Each string is written as its length in LEB128 (seven bits a byte, low bits first, the high bit set on
// every byte but the last) followed by its bytes, so any byte, NUL included, may appear in a string.
// Iteration yields std::string_view into the buffer, valid while the list is neither changed nor moved.
#pragma once
#include <concepts>
#include <cstddef>
#include <initializer_list>
#include <iterator>
#include <ranges>
#include <string>
#include <string_view>

namespace slipway::base {

class PackedStrings {
 public:
  class const_iterator {
   public:
    using iterator_category = std::forward_iterator_tag;
    using value_type = std::string_view;
    using difference_type = std::ptrdiff_t;
    using pointer = void;
    using reference = std::string_view;

    const_iterator() = default;
    std::string_view operator*() const { return {at_ + header_, length_}; }
    const_iterator& operator++() {
      at_ += header_ + length_;
      decode();
      return *this;
    }
    const_iterator operator++(int) {
      const_iterator before = *this;
      ++*this;
      return before;
    }
    friend bool operator==(const const_iterator& a, const const_iterator& b) { return a.at_ == b.at_; }

   private:
    friend class PackedStrings;
    const_iterator(const char* at, const char* end) : at_(at), end_(end) { decode(); }
    // Reads the length at at_ (nothing at the end).
    void decode() {
      length_ = 0;
      header_ = 0;
      if (at_ == end_) return;
      for (unsigned shift = 0;; shift += 7) {
        const auto byte = static_cast<unsigned char>(at_[header_++]);
        length_ |= static_cast<std::size_t>(byte & 0x7f) << shift;
        if ((byte & 0x80) == 0) break;
      }
    }
    const char* at_ = nullptr;
    const char* end_ = nullptr;
    std::size_t length_ = 0;  // of the string at at_
    std::size_t header_ = 0;  // bytes of its length
  };
  using value_type = std::string_view;
  using iterator = const_iterator;

  PackedStrings() = default;
  PackedStrings(std::initializer_list<std::string_view> items) { assign(items); }
  // From any range of strings, in its order; the buffer is allocated once, at its final size.
  template <std::ranges::input_range R>
    requires std::convertible_to<std::ranges::range_reference_t<R>, std::string_view>
  explicit PackedStrings(const R& items) {
    assign(items);
  }

  void push_back(std::string_view s) {
    append_length(s.size());
    bytes_.append(s);
  }

  // Counted by walking the list: the buffer is all a list keeps.
  std::size_t size() const { return static_cast<std::size_t>(std::distance(begin(), end())); }
  bool empty() const { return bytes_.empty(); }
  const_iterator begin() const { return {bytes_.data(), bytes_.data() + bytes_.size()}; }
  const_iterator end() const {
    const char* e = bytes_.data() + bytes_.size();
    return {e, e};
  }
  // The same strings in the same order.
  friend bool operator==(const PackedStrings& a, const PackedStrings& b) { return a.bytes_ == b.bytes_; }

 private:
  static std::size_t length_bytes(std::size_t n) {
    std::size_t bytes = 1;
    for (; n >= 0x80; n >>= 7) ++bytes;
    return bytes;
  }
  void append_length(std::size_t n) {
    for (; n >= 0x80; n >>= 7) bytes_ += static_cast<char>((n & 0x7f) | 0x80);
    bytes_ += static_cast<char>(n);
  }
  template <typename R>
  void assign(const R& items) {
    std::size_t total = 0;
    for (const auto& item : items) {
      const std::string_view s(item);
      total += length_bytes(s.size()) + s.size();
    }
    bytes_.reserve(total);
    for (const auto& item : items) push_back(std::string_view(item));
  }

  std::string bytes_;
};

}  // namespace slipway::base
