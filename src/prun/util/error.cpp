#include <cstring>

#include <prun/util/error.hpp>

namespace prun {

std::string errno_text(int err) {
    return std::strerror(err);
}

} // namespace prun
