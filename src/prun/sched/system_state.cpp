#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstdlib>
#include <fcntl.h>
#include <unistd.h>

#include <prun/sched/system_state.hpp>
#include <prun/util/fd.hpp>

namespace prun {

namespace {
// The lines of `text`, each given to `line` until it returns false.
template <typename F>
void each_line(std::string_view text, F line) {
    while (!text.empty()) {
        std::size_t end = text.find('\n');
        if (!line(text.substr(0, end))) return;
        if (end == std::string_view::npos) return;
        text.remove_prefix(end + 1);
    }
}

std::string_view skip_blanks(std::string_view text) {
    std::size_t start = text.find_first_not_of(" \t");
    return start == std::string_view::npos ? std::string_view() : text.substr(start);
}

// The number after `key` at the start of `line` ("procs_running 3", "MemFree:  7012 kB").
std::optional<std::uint64_t> keyed_number(std::string_view line, std::string_view key) {
    if (line.substr(0, key.size()) != key) return std::nullopt;
    std::string_view rest = skip_blanks(line.substr(key.size()));
    std::uint64_t value = 0;
    auto [ptr, ec] = std::from_chars(rest.data(), rest.data() + rest.size(), value);
    if (ec != std::errc() || ptr == rest.data()) return std::nullopt;
    return value;
}

// The blank-separated words of a line.
template <typename F>
void each_word(std::string_view line, F word) {
    while (true) {
        line = skip_blanks(line);
        if (line.empty()) return;
        std::size_t end = line.find_first_of(" \t");
        word(line.substr(0, end));
        if (end == std::string_view::npos) return;
        line.remove_prefix(end);
    }
}
} // namespace

std::optional<double> instant_load(std::string_view proc_stat) {
    std::optional<std::uint64_t> running, blocked;
    each_line(proc_stat, [&](std::string_view line) {
        if (auto n = keyed_number(line, "procs_running ")) running = n;
        if (auto n = keyed_number(line, "procs_blocked ")) blocked = n;
        return !(running && blocked);
    });
    if (!running || !blocked) return std::nullopt;
    std::uint64_t busy = *running + *blocked;
    return static_cast<double>(busy > 0 ? busy - 1 : 0);
}

std::optional<std::uint64_t> free_memory(std::string_view proc_meminfo) {
    std::uint64_t kib = 0;
    bool found = false;
    each_line(proc_meminfo, [&](std::string_view line) {
        for (std::string_view key : {"MemFree:", "Buffers:", "Cached:", "SwapCached:"}) {
            if (auto n = keyed_number(line, key)) {
                kib += *n;
                found = true;
            }
        }
        return true;
    });
    if (!found) return std::nullopt;
    return kib * 1024;
}

std::optional<SwapCounters> swap_counters(std::string_view proc_vmstat) {
    std::optional<std::uint64_t> in, out;
    each_line(proc_vmstat, [&](std::string_view line) {
        if (auto n = keyed_number(line, "pswpin ")) in = n;
        if (auto n = keyed_number(line, "pswpout ")) out = n;
        return !(in && out);
    });
    if (!in || !out) return std::nullopt;
    return SwapCounters{*in, *out};
}

std::map<std::string, std::uint64_t> disk_busy_ms(std::string_view proc_diskstats) {
    std::map<std::string, std::uint64_t> disks;
    each_line(proc_diskstats, [&](std::string_view line) {
        std::string_view name, busy;
        int column = 0;
        each_word(line, [&](std::string_view word) {
            ++column;
            if (column == 3) name = word;
            if (column == 13) busy = word;
        });
        std::uint64_t ms = 0;
        auto [ptr, ec] = std::from_chars(busy.data(), busy.data() + busy.size(), ms);
        if (!name.empty() && ec == std::errc() && ptr == busy.data() + busy.size() && !busy.empty())
            disks[std::string(name)] = ms;
        return true;
    });
    return disks;
}

double busiest_disk_percent(const std::map<std::string, std::uint64_t>& before,
                            const std::map<std::string, std::uint64_t>& after, double elapsed_ms) {
    if (elapsed_ms <= 0) return 0;
    double busiest = 0;
    for (const auto& [name, ms] : after) {
        auto it = before.find(name);
        if (it == before.end() || ms < it->second) continue;
        busiest = std::max(busiest, static_cast<double>(ms - it->second) * 100.0 / elapsed_ms);
    }
    return std::min(busiest, 100.0);
}

SystemState SystemState::from_environment() {
    const char* dir = std::getenv("PRUN_TEST_PROC_DIR");
    return SystemState(dir && *dir ? dir : "/proc");
}

std::optional<std::string> SystemState::read(const char* name) const {
    std::string path = m_dir + '/' + name;
    Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK));
    if (!fd.valid()) return std::nullopt;
    std::string text;
    char buffer[4096];
    // /proc files are small; a bound keeps a planted huge file from costing memory.
    while (text.size() < (1U << 20)) {
        ssize_t n = ::read(fd.get(), buffer, sizeof buffer);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return std::nullopt;
        if (n == 0) break;
        text.append(buffer, static_cast<std::size_t>(n));
    }
    return text;
}

std::optional<double> SystemState::load() const {
    auto text = read("stat");
    return text ? instant_load(*text) : std::nullopt;
}

std::optional<std::uint64_t> SystemState::memory_free() const {
    auto text = read("meminfo");
    return text ? free_memory(*text) : std::nullopt;
}

std::optional<SwapCounters> SystemState::swap() const {
    auto text = read("vmstat");
    return text ? swap_counters(*text) : std::nullopt;
}

std::map<std::string, std::uint64_t> SystemState::disks() const {
    auto text = read("diskstats");
    return text ? disk_busy_ms(*text) : std::map<std::string, std::uint64_t>{};
}

} // namespace prun
