#include <prun/report/task_record.hpp>

namespace prun {

namespace {
double seconds(const timeval& tv) {
    return static_cast<double>(tv.tv_sec) + static_cast<double>(tv.tv_usec) / 1e6;
}
} // namespace

const char* TaskRecord::outcome() const {
    if (skipped) return "skipped";
    if (timed_out) return "timeout";
    if (killed) return "killed";
    return status.success() ? "ok" : "failed";
}

double TaskRecord::user_cpu() const {
    return seconds(usage.ru_utime);
}

double TaskRecord::sys_cpu() const {
    return seconds(usage.ru_stime);
}

} // namespace prun
