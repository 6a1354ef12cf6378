#include <prun/util/clock.hpp>

namespace prun {

namespace {
class SystemClock final : public Clock {
public:
    MonoTime now() const override { return MonoClock::now(); }
    WallTime wall_now() const override { return WallClock::now(); }
};
} // namespace

const Clock& Clock::system() {
    static const SystemClock clock;
    return clock;
}

} // namespace prun
