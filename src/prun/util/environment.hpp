#pragma once
// The process environment as a value. Code that reads environment variables takes an
// Environment, so that tests give it theirs instead of calling setenv.

#include <functional>
#include <optional>
#include <string>

namespace prun {

// A variable's value; nullopt when it is unset.
using Environment = std::function<std::optional<std::string>(const std::string& name)>;

// This process's environment (std::getenv).
Environment process_environment();

} // namespace prun
