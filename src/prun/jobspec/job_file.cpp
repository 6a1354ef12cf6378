#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

#include <nlohmann/json.hpp>

#include <prun/jobspec/job_file.hpp>
#include <prun/util/duration.hpp>
#include <prun/util/error.hpp>

namespace prun {

namespace {

using json = nlohmann::json;

constexpr std::array<std::string_view, 9> k_job_keys = {"name",    "cmd",     "argv",  "env", "cwd",
                                                        "timeout", "retries", "needs", "tag"};
constexpr std::array<std::string_view, 5> k_default_keys = {"env", "cwd", "timeout", "retries",
                                                            "tag"};

// nlohmann reports the byte after the error; people want a line and a column.
json parse_text(std::string_view text, const std::string& source, std::uint64_t first_line) {
    try {
        return json::parse(text.begin(), text.end());
    } catch (const json::exception& e) {
        std::size_t byte = e.id == 101 ? static_cast<const json::parse_error&>(e).byte : 0;
        byte = std::min(byte == 0 ? 0 : byte - 1, text.size());
        auto before = text.substr(0, byte);
        auto line =
            first_line + static_cast<std::uint64_t>(std::count(before.begin(), before.end(), '\n'));
        auto line_start = before.rfind('\n');
        auto column = byte - (line_start == std::string_view::npos ? 0 : line_start + 1) + 1;
        // Keep nlohmann's description, drop its prefix and its own (byte-based) position.
        std::string what = e.what();
        auto colon = what.find(": ", what.find("column"));
        if (colon != std::string::npos) what.erase(0, colon + 2);
        throw Error("{}:{}:{}: malformed JSON: {}", source, line, column, what);
    }
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j)
        row[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            std::size_t above = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] != b[j - 1])});
            diagonal = above;
        }
    }
    return row[b.size()];
}

template <std::size_t N>
void check_keys(const json& object, const std::array<std::string_view, N>& known,
                const std::string& where) {
    for (const auto& [key, value] : object.items()) {
        if (std::find(known.begin(), known.end(), key) != known.end()) continue;
        // A typo ("comand") deserves a hint; a foreign key the list of what is allowed.
        std::string_view closest;
        std::size_t best = std::numeric_limits<std::size_t>::max();
        for (std::string_view candidate : known) {
            std::size_t distance = edit_distance(key, candidate);
            if (distance < best) {
                best = distance;
                closest = candidate;
            }
        }
        if (best <= (std::max(key.size(), closest.size()) + 1) / 2)
            throw Error("{}: unknown key '{}' (did you mean '{}'?)", where, key, closest);
        std::string list;
        for (std::string_view candidate : known)
            list += (list.empty() ? "" : ", ") + std::string(candidate);
        throw Error("{}: unknown key '{}' (known keys: {})", where, key, list);
    }
}

[[noreturn]] void wrong_type(const std::string& where, std::string_view key, const char* expected,
                             const json& value) {
    throw Error("{}: '{}' must be {}, not {}", where, key, expected, value.type_name());
}

// A string without NUL bytes (which no command, path or variable can hold).
std::string get_string(const json& value, const std::string& where, std::string_view key,
                       bool allow_empty = false) {
    if (!value.is_string()) wrong_type(where, key, "a string", value);
    std::string text = value.get<std::string>();
    if (text.empty() && !allow_empty) throw Error("{}: '{}' must not be empty", where, key);
    if (text.find('\0') != std::string::npos)
        throw Error("{}: '{}' must not contain a NUL character", where, key);
    return text;
}

std::vector<std::string> get_strings(const json& value, const std::string& where,
                                     std::string_view key) {
    if (!value.is_array()) wrong_type(where, key, "an array of strings", value);
    std::vector<std::string> strings;
    for (const json& item : value) {
        if (!item.is_string()) wrong_type(where, key, "an array of strings", item);
        strings.push_back(get_string(item, where, key, true));
    }
    return strings;
}

// Sets the variables of `value` (an object of strings) in `env`, replacing any of the
// same name: a job's env is added to its defaults' env.
void merge_env(const json& value, const std::string& where, std::vector<std::string>& env) {
    if (!value.is_object()) wrong_type(where, "env", "an object of strings", value);
    for (const auto& [name, text] : value.items()) {
        if (name.empty() || name.find('=') != std::string::npos ||
            name.find('\0') != std::string::npos)
            throw Error("{}: invalid environment variable name '{}' in 'env'", where, name);
        if (!text.is_string())
            throw Error("{}: 'env' value of '{}' must be a string, not {}", where, name,
                        text.type_name());
        std::string entry = name + "=" + get_string(text, where, "env", true);
        auto same = std::find_if(env.begin(), env.end(), [&](const std::string& existing) {
            return existing.compare(0, name.size() + 1, entry, 0, name.size() + 1) == 0;
        });
        if (same != env.end())
            *same = std::move(entry);
        else
            env.push_back(std::move(entry));
    }
}

// Reads the fields a job shares with "defaults" into `fields`, over what is there.
void read_shared_fields(const json& object, const std::string& where, JobDefaults& fields) {
    if (auto it = object.find("env"); it != object.end()) merge_env(*it, where, fields.env);
    if (auto it = object.find("cwd"); it != object.end())
        fields.cwd = get_string(*it, where, "cwd");
    if (auto it = object.find("tag"); it != object.end())
        fields.tag = get_string(*it, where, "tag", true);
    if (auto it = object.find("timeout"); it != object.end()) {
        std::optional<double> seconds;
        if (it->is_number() && std::isfinite(it->get<double>()))
            seconds = it->get<double>();
        else if (it->is_string())
            seconds = parse_duration(it->get<std::string>());
        else
            wrong_type(where, "timeout", "a duration (30, \"2.5s\", \"5m\")", *it);
        if (!seconds || *seconds < 0)
            throw Error("{}: invalid 'timeout' {}: expected seconds or a duration such as "
                        "\"2.5s\", \"500ms\", \"5m\", \"1h\"",
                        where, it->dump());
        fields.timeout_seconds = seconds;
    }
    if (auto it = object.find("retries"); it != object.end()) {
        if (!it->is_number_unsigned() ||
            it->get<std::uint64_t>() > std::numeric_limits<unsigned>::max())
            throw Error("{}: 'retries' must be a non-negative integer, not {}", where, it->dump());
        fields.retries = static_cast<unsigned>(it->get<std::uint64_t>());
    }
}

JobDefaults read_defaults(const json& value, const std::string& where) {
    std::string here = where + ": defaults";
    if (!value.is_object()) throw Error("{}: must be an object, not {}", here, value.type_name());
    check_keys(value, k_default_keys, here);
    JobDefaults defaults;
    read_shared_fields(value, here, defaults);
    return defaults;
}

// "job 3" or "job 3 ('build')", for messages about a job.
std::string job_label(std::uint64_t seq, const json& object) {
    if (object.is_object()) {
        auto it = object.find("name");
        if (it != object.end() && it->is_string())
            return fmt::format("job {} ('{}')", seq, it->get<std::string>());
    }
    return fmt::format("job {}", seq);
}

// One job object; `where` is the file (and line). Needs stay names until resolved.
Job read_job(const json& object, std::uint64_t seq, const JobDefaults& defaults,
             const std::string& where, std::vector<std::string>& needs) {
    std::string here = where + ": " + job_label(seq, object);
    if (!object.is_object())
        throw Error("{}: must be a job object, not {}", here, object.type_name());
    check_keys(object, k_job_keys, here);

    Job job;
    job.seq = seq;
    auto name = object.find("name");
    job.name = name != object.end() ? get_string(*name, here, "name") : std::to_string(seq);

    auto cmd = object.find("cmd");
    auto argv = object.find("argv");
    if ((cmd == object.end()) == (argv == object.end()))
        throw Error("{}: needs exactly one of 'cmd' (shell code) and 'argv' (a program and its "
                    "arguments){}",
                    here, cmd == object.end() ? "" : ", not both");
    if (cmd != object.end()) job.command = get_string(*cmd, here, "cmd");
    if (argv != object.end()) {
        job.argv = get_strings(*argv, here, "argv");
        if (job.argv.empty() || job.argv.front().empty())
            throw Error("{}: 'argv' must start with a program name", here);
    }

    JobDefaults fields = defaults;
    read_shared_fields(object, here, fields);
    job.env = std::move(fields.env);
    job.cwd = std::move(fields.cwd);
    job.tag = std::move(fields.tag);
    job.timeout_seconds = fields.timeout_seconds;
    job.retries = fields.retries;

    needs.clear();
    if (auto it = object.find("needs"); it != object.end()) {
        for (std::string& need : get_strings(*it, here, "needs"))
            if (std::find(needs.begin(), needs.end(), need) == needs.end())
                needs.push_back(std::move(need));
    }
    return job;
}

std::string describe_job(const Job& job) {
    return job.name == std::to_string(job.seq) ? fmt::format("job {}", job.seq)
                                               : fmt::format("job {} ('{}')", job.seq, job.name);
}

} // namespace

std::vector<FileJob> parse_job_file(std::string_view text, const std::string& source) {
    json document = parse_text(text, source, 1);
    const json* jobs = &document;
    JobDefaults defaults;
    if (document.is_object()) {
        check_keys(document, std::array<std::string_view, 2>{"defaults", "jobs"},
                   source + ": top level");
        auto it = document.find("jobs");
        if (it == document.end()) throw Error("{}: no \"jobs\" array at the top level", source);
        if (!it->is_array())
            throw Error("{}: \"jobs\" must be an array, not {}", source, it->type_name());
        jobs = &*it;
        if (auto d = document.find("defaults"); d != document.end())
            defaults = read_defaults(*d, source);
    } else if (!document.is_array()) {
        throw Error("{}: expected an object with a \"jobs\" array, or an array of jobs, not {}",
                    source, document.type_name());
    }

    std::vector<FileJob> result;
    std::vector<std::vector<std::string>> need_names(jobs->size());
    std::unordered_map<std::string, std::size_t> index_by_name;
    for (std::size_t i = 0; i < jobs->size(); ++i) {
        Job job = read_job((*jobs)[i], i + 1, defaults, source, need_names[i]);
        auto [it, fresh] = index_by_name.emplace(job.name, i);
        if (!fresh)
            throw Error("{}: {}: duplicate name '{}' (also {})", source, describe_job(job),
                        job.name, describe_job(result[it->second].job));
        result.push_back({std::move(job), {}});
    }

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

std::optional<FileJob> JobLineParser::parse(std::string_view line) {
    ++m_line;
    if (line.find_first_not_of(" \t\r") == std::string_view::npos) return std::nullopt;
    std::string where = fmt::format("{}:{}", m_source, m_line);
    json value = parse_text(line, m_source, m_line);
    if (value.is_object() && value.contains("defaults")) {
        if (value.size() != 1 || m_seq > 0)
            throw Error("{}: a defaults line holds only \"defaults\" and comes before the "
                        "first job",
                        where);
        m_defaults = read_defaults(value["defaults"], where);
        return std::nullopt;
    }
    std::vector<std::string> need_names;
    FileJob result{read_job(value, m_seq + 1, m_defaults, where, need_names), {}};
    const Job& job = result.job;
    if (auto it = m_seq_by_name.find(job.name); it != m_seq_by_name.end())
        throw Error("{}: {}: duplicate name '{}' (also job {})", where, describe_job(job), job.name,
                    it->second);
    for (const std::string& need : need_names) {
        auto it = m_seq_by_name.find(need);
        if (it == m_seq_by_name.end())
            throw Error("{}: {}: needs '{}', which no earlier line defines", where,
                        describe_job(job), need);
        result.needs.push_back(it->second);
    }
    ++m_seq;
    m_seq_by_name.emplace(job.name, job.seq);
    return result;
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
