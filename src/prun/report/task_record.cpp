#include <prun/report/task_record.hpp>

namespace prun {

namespace {
double seconds(const timeval& tv) {
    return static_cast<double>(tv.tv_sec) + static_cast<double>(tv.tv_usec) / 1e6;
}
} // namespace

const char* outcome_name(Outcome outcome) {
    switch (outcome) {
    case Outcome::ok:
        return "ok";
    case Outcome::failed:
        return "failed";
    case Outcome::timeout:
        return "timeout";
    case Outcome::skipped:
        return "skipped";
    case Outcome::killed:
        return "killed";
    }
    return "failed";
}

Outcome TaskRecord::outcome() const {
    if (skipped || status.kind == ExitStatus::Kind::skipped_by_template) return Outcome::skipped;
    if (timed_out) return Outcome::timeout;
    if (killed) return Outcome::killed;
    return status.success() ? Outcome::ok : Outcome::failed;
}

double TaskRecord::user_cpu() const {
    return seconds(usage.ru_utime);
}

double TaskRecord::sys_cpu() const {
    return seconds(usage.ru_stime);
}

} // namespace prun
