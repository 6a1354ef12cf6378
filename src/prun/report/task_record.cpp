#include <prun/report/task_record.hpp>

namespace prun {

namespace {
double seconds(const timeval& tv) {
    return static_cast<double>(tv.tv_sec) + static_cast<double>(tv.tv_usec) / 1e6;
}
} // namespace

double TaskRecord::user_cpu() const {
    return seconds(usage.ru_utime);
}

double TaskRecord::sys_cpu() const {
    return seconds(usage.ru_stime);
}

} // namespace prun
