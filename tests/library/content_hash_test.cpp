// SHA-256 against the FIPS 180-2 test vectors.
#include <gtest/gtest.h>

#include <string>

#include "library/content_hash.hpp"

namespace cicatrix::library {
namespace {

std::string hashOf(const std::string& s) {
    return sha256Hex(std::span(reinterpret_cast<const std::uint8_t*>(s.data()), s.size()));
}

TEST(ContentHash, MatchesStandardVectors) {
    EXPECT_EQ(hashOf(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    EXPECT_EQ(hashOf("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    EXPECT_EQ(hashOf(std::string(1'000'000, 'a')),
              "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

}  // namespace
}  // namespace cicatrix::library
