#include <algorithm>
#include <array>
#include <charconv>

#include <prun/jobspec/job_file.hpp>
#include <prun/jobspec/job_identity.hpp>
#include <prun/jobspec/job_json.hpp>
#include <prun/jobspec/job_table.hpp>
#include <prun/jobspec/record_reader.hpp>
#include <prun/util/error.hpp>

namespace prun {

using job_json::describe_job;
using job_json::json;

namespace {

// "job 3", or "job 3 ('build')" for a job the file names otherwise.
std::string describe_entry(const JobTable& table, std::size_t index) {
    std::string name = table.name(index);
    std::string number = std::to_string(index + 1);
    return name == number ? "job " + number : fmt::format("job {} ('{}')", number, name);
}

// Whether the needs form a cycle. Kahn's algorithm: take away the jobs whose needs are all
// taken; a cycle is what stays.
bool has_cycle(const JobTable& table) {
    std::vector<std::uint32_t> unmet(table.size());
    std::vector<std::uint32_t> free;
    for (std::size_t i = 0; i < table.size(); ++i) {
        unmet[i] = static_cast<std::uint32_t>(table.needs(i).size());
        if (unmet[i] == 0) free.push_back(static_cast<std::uint32_t>(i));
    }
    std::size_t taken = 0;
    while (!free.empty()) {
        std::uint32_t job = free.back();
        free.pop_back();
        ++taken;
        for (std::uint32_t dependent : table.dependents(job))
            if (--unmet[dependent] == 0) free.push_back(dependent);
    }
    return taken != table.size();
}

JobTable read_jobs(job_json::ByteSource& input, const std::string& source) {
    JobTable table;
    std::vector<std::string> needs;
    std::optional<json> defaults; // checked once the document's shape is known
    job_json::read_document(
        input, source, [&](json&& value) { defaults = std::move(value); },
        [&](json&& value, std::uint64_t seq) {
            OwnJob own = job_json::read_own_job(value, seq, source, needs);
            auto [index, fresh] = table.add(own);
            if (!fresh) {
                std::string name = own.named ? own.name : std::to_string(seq);
                std::string self = name == std::to_string(seq)
                                       ? fmt::format("job {}", seq)
                                       : fmt::format("job {} ('{}')", seq, name);
                throw Error("{}: {}: duplicate name '{}' (also {})", source, self, name,
                            describe_entry(table, index));
            }
            for (std::string& need : needs)
                table.add_need(std::move(need));
        });
    if (defaults) table.set_defaults(job_json::read_defaults(*defaults, source));
    if (auto missing = table.resolve_needs())
        throw Error("{}: {}: needs '{}', which is not a job in the file", source,
                    describe_entry(table, missing->first), missing->second);
    if (has_cycle(table)) {
        // Rare, and then memory is no concern: the graph as find_cycle() takes it.
        std::vector<std::vector<std::size_t>> graph(table.size());
        for (std::size_t i = 0; i < table.size(); ++i)
            for (std::uint32_t need : table.needs(i))
                graph[i].push_back(need);
        std::string path;
        std::vector<std::size_t> cycle = find_cycle(graph);
        for (std::size_t index : cycle)
            path += table.name(index) + " -> ";
        path += table.name(cycle.front());
        throw Error("{}: dependency cycle: {} (each needs the next)", source, path);
    }
    return table;
}

} // namespace

JobTable parse_job_file(std::string_view text, const std::string& source) {
    job_json::ByteSource input(text);
    return read_jobs(input, source);
}

JobTable read_job_file(RecordReader& input, const std::string& source) {
    // What the form's sniffing read, then the rest a chunk at a time.
    job_json::ByteSource bytes(input);
    return read_jobs(bytes, source);
}

Job make_job(const OwnJob& own, std::uint64_t seq, const JobDefaults& defaults) {
    Job job;
    job.seq = seq;
    job.name = own.named ? own.name : std::to_string(seq);
    job.command = own.command;
    job.argv = own.argv;
    job.env = defaults.env;
    for (const std::string& entry : own.env) {
        // A job's variable replaces the default of the same name, in its place.
        std::size_t prefix = entry.find('=') + 1;
        auto same = std::find_if(job.env.begin(), job.env.end(), [&](const std::string& other) {
            return other.compare(0, prefix, entry, 0, prefix) == 0;
        });
        if (same != job.env.end())
            *same = entry;
        else
            job.env.push_back(entry);
    }
    job.cwd = own.cwd.empty() ? defaults.cwd : own.cwd;
    job.tag = own.tag ? *own.tag : defaults.tag;
    job.timeout_seconds = own.timeout_seconds ? own.timeout_seconds : defaults.timeout_seconds;
    job.retries = own.retries ? own.retries : defaults.retries;
    job.identity = job_identity(job, own.named);
    return job;
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
