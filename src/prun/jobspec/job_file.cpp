#include <algorithm>
#include <array>
#include <charconv>

#include <prun/jobspec/job_file.hpp>
#include <prun/jobspec/job_json.hpp>
#include <prun/util/error.hpp>

namespace prun {

using job_json::describe_job;
using job_json::json;

std::vector<FileJob> parse_job_file(std::string_view text, const std::string& source) {
    // Two streamed passes over the text: the top level and the defaults, then the jobs
    // (which need the defaults, wherever in the file they are).
    std::optional<json> defaults_value;
    job_json::DocumentShape shape =
        job_json::scan_document(text, source, [&](json&& value) { defaults_value = value; });
    if (shape.top_type == "object") {
        json keys = json::object();
        for (const std::string& key : shape.top_keys)
            keys[key] = nullptr;
        job_json::check_keys(keys, std::array<std::string_view, 2>{"defaults", "jobs"},
                             source + ": top level");
        if (shape.jobs_type.empty()) throw Error("{}: no \"jobs\" array at the top level", source);
        if (shape.jobs_type != "array")
            throw Error("{}: \"jobs\" must be an array, not {}", source, shape.jobs_type);
    } else if (shape.top_type != "array") {
        throw Error("{}: expected an object with a \"jobs\" array, or an array of jobs, not {}",
                    source, shape.top_type);
    }
    JobDefaults defaults;
    if (defaults_value) defaults = job_json::read_defaults(*defaults_value, source);

    std::vector<FileJob> result;
    std::vector<std::vector<std::string>> need_names;
    std::unordered_map<std::string, std::size_t> index_by_name;
    job_json::for_each_job(text, source, [&](json&& object) {
        std::size_t i = result.size();
        need_names.emplace_back();
        Job job = job_json::read_job(object, i + 1, defaults, source, need_names.back());
        auto [it, fresh] = index_by_name.emplace(job.name, i);
        if (!fresh)
            throw Error("{}: {}: duplicate name '{}' (also {})", source, describe_job(job),
                        job.name, describe_job(result[it->second].job));
        result.push_back({std::move(job), {}});
    });

    std::vector<std::vector<std::size_t>> graph(result.size());
    for (std::size_t i = 0; i < result.size(); ++i) {
        for (const std::string& need : need_names[i]) {
            auto it = index_by_name.find(need);
            if (it == index_by_name.end())
                throw Error("{}: {}: needs '{}', which is not a job in the file", source,
                            describe_job(result[i].job), need);
            graph[i].push_back(it->second);
            result[i].needs.push_back(it->second + 1);
        }
    }
    std::vector<std::size_t> cycle = find_cycle(graph);
    if (!cycle.empty()) {
        std::string path;
        for (std::size_t index : cycle)
            path += result[index].job.name + " -> ";
        path += result[cycle.front()].job.name;
        throw Error("{}: dependency cycle: {} (each needs the next)", source, path);
    }
    return result;
}

JobFileForm sniff_job_file(std::string_view start, bool complete) {
    auto first = start.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos)
        return complete ? JobFileForm::json_lines : JobFileForm::undecided; // no jobs
    if (start[first] != '{') return JobFileForm::json;
    auto newline = start.find('\n', first);
    if (newline == std::string_view::npos && !complete) return JobFileForm::undecided;
    std::string_view line = start.substr(first, newline - first);
    // A JSON Lines line is a whole object; a document's first line seldom is. A one-line
    // document has "jobs", or (misspelt) an array of objects, which no job holds.
    // (Too deep a line is left to the full parse to report.)
    struct TooDeep {};
    auto depth_limit = [](int depth, json::parse_event_t, json&) {
        if (depth > job_json::k_max_json_depth) throw TooDeep{};
        return true;
    };
    json value;
    try {
        value = json::parse(line.begin(), line.end(), depth_limit, false);
    } catch (const TooDeep&) {
        return JobFileForm::json;
    }
    if (value.is_discarded() || !value.is_object() || value.contains("jobs"))
        return JobFileForm::json;
    for (const auto& [key, member] : value.items()) {
        if (member.is_array() && !member.empty() && member.front().is_object())
            return JobFileForm::json;
    }
    return JobFileForm::json_lines;
}

std::optional<FileJob> JobLineParser::parse(std::string_view line) {
    ++m_line;
    if (line.find_first_not_of(" \t\r") == std::string_view::npos) return std::nullopt;
    std::string where = fmt::format("{}:{}", m_source, m_line);
    json value = job_json::parse_text(line, m_source, m_line, m_seq + 1);
    if (value.is_object() && value.contains("defaults")) {
        if (value.size() != 1 || m_seq > 0)
            throw Error("{}: a defaults line holds only \"defaults\" and comes before the "
                        "first job",
                        where);
        m_defaults = job_json::read_defaults(value["defaults"], where);
        return std::nullopt;
    }
    std::vector<std::string> need_names;
    FileJob result{job_json::read_job(value, m_seq + 1, m_defaults, where, need_names), {}};
    const Job& job = result.job;
    if (std::uint64_t other = find(job.name); other != 0)
        throw Error("{}: {}: duplicate name '{}' (also job {})", where, describe_job(job), job.name,
                    other);
    for (const std::string& need : need_names) {
        std::uint64_t seq = find(need);
        if (seq == 0)
            throw Error("{}: {}: needs '{}', which no earlier line defines", where,
                        describe_job(job), need);
        result.needs.push_back(seq);
    }
    ++m_seq;
    bool named = value.contains("name");
    if (named) m_seq_by_name.emplace(job.name, job.seq);
    m_unnamed.resize(job.seq + 1);
    m_unnamed[job.seq] = !named;
    return result;
}

std::uint64_t JobLineParser::find(const std::string& name) const {
    if (auto it = m_seq_by_name.find(name); it != m_seq_by_name.end()) return it->second;
    // An unnamed job's name is its number, written plainly ("7", not "07").
    std::uint64_t seq = 0;
    auto [end, ec] = std::from_chars(name.data(), name.data() + name.size(), seq);
    bool plain = ec == std::errc() && end == name.data() + name.size() && name.front() != '0';
    return plain && seq < m_unnamed.size() && m_unnamed[seq] ? seq : 0;
}

std::vector<std::size_t> find_cycle(const std::vector<std::vector<std::size_t>>& needs) {
    // Depth-first search; a need that is on the current path closes a cycle. Iterative, so
    // a long chain of jobs cannot overflow the stack.
    enum class Mark : unsigned char { unvisited, on_path, finished };
    std::vector<Mark> marks(needs.size(), Mark::unvisited);
    std::vector<std::pair<std::size_t, std::size_t>> path; // (job, next need to follow)
    for (std::size_t root = 0; root < needs.size(); ++root) {
        if (marks[root] != Mark::unvisited) continue;
        path.emplace_back(root, 0);
        marks[root] = Mark::on_path;
        while (!path.empty()) {
            auto& [job, next] = path.back();
            if (next == needs[job].size()) {
                marks[job] = Mark::finished;
                path.pop_back();
                continue;
            }
            std::size_t need = needs[job][next++];
            if (marks[need] == Mark::on_path) {
                std::vector<std::size_t> cycle;
                auto start = std::find_if(path.begin(), path.end(),
                                          [&](const auto& step) { return step.first == need; });
                for (auto it = start; it != path.end(); ++it)
                    cycle.push_back(it->first);
                return cycle;
            }
            if (marks[need] == Mark::unvisited) {
                marks[need] = Mark::on_path;
                path.emplace_back(need, 0);
            }
        }
    }
    return {};
}

} // namespace prun
