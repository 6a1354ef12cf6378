#include <algorithm>
#include <cmath>
#include <vector>

#include <fmt/format.h>

#include <prun/output/color.hpp>
#include <prun/report/progress_line.hpp>

namespace prun {

namespace {

struct Field {
    std::string text;
    int priority; // fields with a lower priority are dropped first
    bool alarm;   // shown in red when colour is on
};

// A graph no narrower than this is worth drawing; no wider than this is pleasant to read.
constexpr std::size_t k_min_graph = 10;
constexpr std::size_t k_max_graph = 40;
// --bar's graph gives way after the rate, the elapsed time and the running count, before
// the failures, the ETA and the count (see make_fields).
constexpr int k_graph_priority = 6;

std::size_t joined_length(const std::vector<Field>& fields) {
    std::size_t length = 0;
    for (const Field& field : fields)
        length += field.text.size();
    return length + (fields.empty() ? 0 : 3 * (fields.size() - 1)); // " | " between
}

std::string format_rate(double per_second) {
    if (per_second >= 100) return fmt::format("{:.0f} jobs/s", per_second);
    return fmt::format("{:.1f} jobs/s", per_second);
}

std::vector<Field> make_fields(const ProgressSnapshot& s) {
    std::vector<Field> fields;
    if (s.total) {
        std::uint64_t total = std::max(*s.total, s.done);
        std::uint64_t percent = total == 0 ? 100 : s.done * 100 / total;
        fields.push_back({fmt::format("{}% {}/{}", percent, s.done, total), 10, false});
    } else {
        fields.push_back({fmt::format("{} done", s.done), 10, false});
    }
    fields.push_back({fmt::format("{} running", s.running), 5, false});
    fields.push_back({fmt::format("{} failed", s.failed), 8, s.failed > 0});
    fields.push_back({format_clock(s.elapsed) + " elapsed", 4, false});
    // Rounded up: "0:00" while jobs still run would claim they are done.
    if (s.total)
        fields.push_back({"ETA " + (s.eta ? format_clock(std::ceil(*s.eta)) : "--:--"), 9, false});
    if (s.elapsed > 0)
        fields.push_back({format_rate(static_cast<double>(s.done) / s.elapsed), 3, false});
    return fields;
}

std::string make_graph(const ProgressSnapshot& s, std::size_t inner) {
    std::uint64_t total = std::max(*s.total, s.done);
    std::size_t filled = total == 0 ? inner : static_cast<std::size_t>(s.done * inner / total);
    std::string graph = "[";
    graph.append(filled, '#');
    graph.append(inner - filled, ' ');
    graph.append("] ");
    return graph;
}

} // namespace

std::string format_clock(double seconds) {
    auto total = static_cast<std::uint64_t>(std::max(0.0, std::floor(seconds)));
    std::uint64_t hours = total / 3600, minutes = total / 60 % 60, secs = total % 60;
    if (hours > 0) return fmt::format("{}:{:02}:{:02}", hours, minutes, secs);
    return fmt::format("{}:{:02}", minutes, secs);
}

std::string format_progress(const ProgressSnapshot& snapshot, unsigned columns,
                            ProgressStyle style) {
    std::vector<Field> fields = make_fields(snapshot);
    bool graph = style.graph && snapshot.total.has_value();
    // A width that depends on the terminal only, so the graph does not jitter as numbers grow.
    std::size_t inner = std::clamp<std::size_t>(columns / 4, k_min_graph, k_max_graph);
    while (joined_length(fields) + (graph ? inner + 3 : 0) > columns) {
        auto lowest = std::min_element(fields.begin(), fields.end(),
                                       [](auto& a, auto& b) { return a.priority < b.priority; });
        if (graph && lowest->priority > k_graph_priority) {
            graph = false;
            continue;
        }
        if (fields.size() == 1) break;
        fields.erase(lowest);
    }

    std::string line;
    if (graph) line = make_graph(snapshot, inner);
    for (std::size_t i = 0; i < fields.size(); ++i) {
        if (i > 0) line.append(" | ");
        const Field& field = fields[i];
        line.append(style.color && field.alarm ? paint(field.text, Color::red, true) : field.text);
    }
    if (joined_length(fields) > columns) {
        // Narrower than the most important field: cut it, plainly.
        line = fields.front().text.substr(0, columns);
    }
    return line;
}

double estimate_eta(const EtaInputs& in) {
    if (in.queued == 0) return in.longest_left;
    double work = static_cast<double>(in.queued) * in.mean_duration + in.running_left;
    std::uint64_t busy =
        std::min<std::uint64_t>(std::max<std::uint64_t>(in.max_jobs, 1), in.queued + in.running);
    return work / static_cast<double>(busy);
}

} // namespace prun
