#pragma once
// SHA-256 (FIPS 180-4) of a byte string, as 64 lowercase hex digits: names the prun binary
// copied to remote hosts (a cache directory per content, so runs of different versions
// never touch each other's copy), and checks the copy arrived whole.

#include <string>
#include <string_view>

namespace prun {

std::string sha256_hex(std::string_view data);

} // namespace prun
