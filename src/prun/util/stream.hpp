#pragma once

namespace prun {

// Which of a job's output streams some bytes came from.
enum class Stream { out = 0, err = 1 };

} // namespace prun
