// The job-file format's pieces: JSON text to a value (with positions in errors), and a
// job or the defaults from a value, every field checked.

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

#include <prun/jobspec/job_json.hpp>
#include <prun/util/duration.hpp>
#include <prun/util/error.hpp>

namespace prun::job_json {

namespace {

constexpr std::array<std::string_view, 9> k_job_keys = {"name",    "cmd",     "argv",  "env", "cwd",
                                                        "timeout", "retries", "needs", "tag"};
constexpr std::array<std::string_view, 5> k_default_keys = {"env", "cwd", "timeout", "retries",
                                                            "tag"};

struct TooDeep {};

// An object or array being parsed, as the parsers below follow the nesting.
struct JsonFrame {
    bool is_array;
    std::size_t count; // elements so far, for arrays
    std::string key;   // the current key, for objects
    std::vector<std::string> keys;
};

// "job 3", "defaults" or "top level", from the path to the current object.
std::string place_in_job_file(const std::vector<JsonFrame>& frames) {
    if (frames.empty()) return "top level";
    const JsonFrame& root = frames.front();
    if (root.is_array) return fmt::format("job {}", root.count);
    if (frames.size() == 1) return "top level";
    if (root.key == "jobs" && frames[1].is_array && frames.size() > 2)
        return fmt::format("job {}", frames[1].count);
    return root.key == "defaults" ? "defaults" : "top level";
}

// nlohmann keeps the last of repeated keys silently; a job file with "cmd" twice is a
// mistake to report. This follows the parse to say where: which job, or the defaults.
class DuplicateKeyFinder {
public:
    struct Found {
        std::string key;
        std::string where;
    };

    bool operator()(int depth, json::parse_event_t event, json& parsed) {
        using Event = json::parse_event_t;
        if (depth > k_max_json_depth) throw TooDeep{};
        bool starts_element =
            event == Event::object_start || event == Event::array_start || event == Event::value;
        if (starts_element && !m_frames.empty() && m_frames.back().is_array)
            ++m_frames.back().count;
        if (event == Event::object_start || event == Event::array_start)
            m_frames.push_back({event == Event::array_start, 0, {}, {}});
        if (event == Event::object_end || event == Event::array_end) m_frames.pop_back();
        if (event == Event::key) {
            JsonFrame& frame = m_frames.back();
            frame.key = parsed.get<std::string>();
            if (std::find(frame.keys.begin(), frame.keys.end(), frame.key) != frame.keys.end())
                throw Found{frame.key, where()};
            frame.keys.push_back(frame.key);
        }
        return true;
    }

private:
    std::string where() const { return place_in_job_file(m_frames); }

    std::vector<JsonFrame> m_frames;
};

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
            throw Error("{}: invalid environment variable name '{}' in 'env'", where,
                        excerpt(name));
        if (!text.is_string())
            throw Error("{}: 'env' value of '{}' must be a string, not {}", where, name,
                        text.type_name());
        std::string entry = name + "=" + get_string(text, where, "env", true);
        std::size_t prefix = name.size() + 1; // "NAME="
        auto same = std::find_if(env.begin(), env.end(), [&](const std::string& existing) {
            return existing.compare(0, prefix, entry, 0, prefix) == 0;
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
            seconds = saturate_duration(it->get<double>());
        else if (it->is_string())
            seconds = parse_duration(it->get<std::string>());
        else
            wrong_type(where, "timeout", "a duration (30, \"2.5s\", \"5m\")", *it);
        if (!seconds || *seconds < 0)
            throw Error("{}: invalid 'timeout' {}: expected seconds or a duration such as "
                        "\"2.5s\", \"500ms\", \"5m\", \"1h\"",
                        where, excerpt(it->dump()));
        // As on the command line (--timeout 0): no limit is no "timeout", not zero.
        if (*seconds == 0)
            throw Error("{}: invalid 'timeout' {}: must be more than 0", where,
                        excerpt(it->dump()));
        fields.timeout_seconds = seconds;
    }
    if (auto it = object.find("retries"); it != object.end()) {
        if (!it->is_number_unsigned() ||
            it->get<std::uint64_t>() > std::numeric_limits<unsigned>::max())
            throw Error("{}: 'retries' must be a non-negative integer, not {}", where,
                        excerpt(it->dump()));
        fields.retries = static_cast<unsigned>(it->get<std::uint64_t>());
    }
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

} // namespace

// Runs `parse`, turning what a parse throws into an Error. nlohmann reports the byte after
// the error; people want a line and a column, which `locate` gives for a byte's offset.
template <class Locate, class Parse>
auto translate_errors(Locate locate, const std::string& source, std::uint64_t first_line,
                      std::uint64_t line_job, Parse parse) {
    try {
        return parse();
    } catch (const DuplicateKeyFinder::Found& found) {
        if (line_job == 0)
            throw Error("{}: {}: duplicate key '{}'", source, found.where, excerpt(found.key));
        std::string where =
            found.where == "top level" ? fmt::format("job {}", line_job) : found.where;
        throw Error("{}:{}: {}: duplicate key '{}'", source, first_line, where, excerpt(found.key));
    } catch (const TooDeep&) {
        throw Error("{}:{}: nested more than {} deep", source, first_line, k_max_json_depth);
    } catch (const json::parse_error& e) {
        auto [line, column] = locate(e.byte == 0 ? 0 : e.byte - 1);
        // Keep nlohmann's description, drop its prefix and its own (byte-based) position.
        std::string what = e.what();
        auto colon = what.find(": ", what.find("column"));
        if (colon != std::string::npos) what.erase(0, colon + 2);
        throw Error("{}:{}:{}: malformed JSON: {}", source, line, column, excerpt(what, 160));
    } catch (const json::exception& e) {
        throw Error("{}: malformed JSON: {}", source, excerpt(e.what(), 160));
    }
}

// The line (counted from `first_line`) and column of the byte at `offset` in `text`.
auto locate_in(std::string_view text, std::uint64_t first_line) {
    return [text, first_line](std::uint64_t offset) {
        auto byte = static_cast<std::size_t>(std::min<std::uint64_t>(offset, text.size()));
        auto before = text.substr(0, byte);
        auto line =
            first_line + static_cast<std::uint64_t>(std::count(before.begin(), before.end(), '\n'));
        auto line_start = before.rfind('\n');
        std::uint64_t column =
            byte - (line_start == std::string_view::npos ? 0 : line_start + 1) + 1;
        return std::pair<std::uint64_t, std::uint64_t>(line, column);
    };
}

json parse_text(std::string_view text, const std::string& source, std::uint64_t first_line,
                std::uint64_t line_job) {
    return translate_errors(locate_in(text, first_line), source, first_line, line_job, [&] {
        return json::parse(text.begin(), text.end(), DuplicateKeyFinder());
    });
}

namespace {

// A SAX handler for a whole job file that never builds the document: only the values it
// must hand out (the defaults, and each job in turn) become small trees, handed over as
// each ends. It finds repeated keys anywhere, as DuplicateKeyFinder does, and checks the
// top level's shape as it goes, so errors come in file order.
class DocumentSax {
public:
    DocumentSax(const std::string& source, const std::function<void(json&&)>& on_defaults,
                const std::function<void(json&&, std::uint64_t)>& on_job)
        : m_source(source), m_on_defaults(on_defaults), m_on_job(on_job) {}

    bool null() { return value(json(nullptr)); }
    bool boolean(bool b) { return value(json(b)); }
    bool number_integer(json::number_integer_t n) { return value(json(n)); }
    bool number_unsigned(json::number_unsigned_t n) { return value(json(n)); }
    bool number_float(json::number_float_t n, const std::string&) { return value(json(n)); }
    bool string(std::string& s) { return value(json(std::move(s))); }
    bool binary(json::binary_t& b) { return value(json::binary(std::move(b))); }
    bool start_object(std::size_t) { return open(json::object(), false); }
    bool start_array(std::size_t) { return open(json::array(), true); }
    bool end_object() { return close(); }
    bool end_array() { return close(); }
    bool key(std::string& name) {
        JsonFrame& frame = m_frames.back();
        if (std::find(frame.keys.begin(), frame.keys.end(), name) != frame.keys.end())
            throw DuplicateKeyFinder::Found{name, where()};
        frame.keys.push_back(name);
        frame.key = name;
        if (m_frames.size() == 1) {
            json keys = json::object();
            keys[name] = nullptr;
            check_keys(keys, std::array<std::string_view, 2>{"defaults", "jobs"},
                       m_source + ": top level");
            if (name == "jobs") m_has_jobs = true;
        }
        return true;
    }
    bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception& e) {
        if (const auto* error = dynamic_cast<const json::parse_error*>(&e)) throw *error;
        throw std::runtime_error(e.what());
    }

    // After the parse: what only the whole document can show.
    void finish() const {
        if (m_top_object && !m_has_jobs)
            throw Error("{}: no \"jobs\" array at the top level", m_source);
    }

private:
    enum class Capture { none, defaults, job };

    // Where a value that starts now sits: a job, the defaults, or neither.
    bool at_job() const {
        if (m_frames.size() == 1) return m_frames[0].is_array;
        return m_frames.size() == 2 && !m_frames[0].is_array && m_frames[0].key == "jobs" &&
               m_frames[1].is_array;
    }
    bool at_defaults() const {
        return m_frames.size() == 1 && !m_frames[0].is_array && m_frames[0].key == "defaults";
    }

    // Before each value: count it, check the top level's shape, start capturing it.
    void begin(const json& start) {
        if (!m_frames.empty() && m_frames.back().is_array) ++m_frames.back().count;
        if (m_frames.empty()) {
            if (!start.is_object() && !start.is_array())
                throw Error("{}: expected an object with a \"jobs\" array, or an array of jobs, "
                            "not {}",
                            m_source, start.type_name());
            m_top_object = start.is_object();
        }
        if (m_frames.size() == 1 && !m_frames[0].is_array && m_frames[0].key == "jobs" &&
            !start.is_array())
            throw Error("{}: \"jobs\" must be an array, not {}", m_source, start.type_name());
        if (m_stack.empty())
            m_capture = at_job() ? Capture::job : at_defaults() ? Capture::defaults : Capture::none;
    }

    // Adds `v` to the value being captured (or makes it that value); returns where it is.
    json* add(json v) {
        if (m_stack.empty()) {
            m_root = std::move(v);
            return &m_root;
        }
        json& parent = *m_stack.back();
        if (parent.is_array()) {
            parent.push_back(std::move(v));
            return &parent.back();
        }
        return &(parent[m_frames.back().key] = std::move(v));
    }

    bool value(json v) {
        begin(v);
        if (m_capture == Capture::none) return true;
        add(std::move(v));
        if (m_stack.empty()) deliver();
        return true;
    }
    bool open(json container, bool is_array) {
        // As DuplicateKeyFinder: a tree this deep is an attack, not a job file.
        if (m_frames.size() > static_cast<std::size_t>(k_max_json_depth)) throw TooDeep{};
        begin(container);
        if (m_capture != Capture::none) m_stack.push_back(add(std::move(container)));
        m_frames.push_back({is_array, 0, {}, {}});
        return true;
    }
    bool close() {
        m_frames.pop_back();
        if (m_capture == Capture::none) return true;
        m_stack.pop_back();
        if (m_stack.empty()) deliver();
        return true;
    }
    void deliver() {
        Capture capture = std::exchange(m_capture, Capture::none);
        json value = std::move(m_root);
        m_root = json();
        if (capture == Capture::job)
            m_on_job(std::move(value), m_frames.back().count);
        else
            m_on_defaults(std::move(value));
    }

    std::string where() const { return place_in_job_file(m_frames); }

    const std::string& m_source;
    const std::function<void(json&&)>& m_on_defaults;
    const std::function<void(json&&, std::uint64_t)>& m_on_job;
    std::vector<JsonFrame> m_frames;
    std::vector<json*> m_stack; // the containers being captured, innermost last
    json m_root;
    Capture m_capture = Capture::none;
    bool m_top_object = false;
    bool m_has_jobs = false;
};

} // namespace

ByteSource::ByteSource(RecordReader& input) : m_buffer(input.take_buffered()), m_input(&input) {
    m_data = m_buffer;
}

bool ByteSource::at_end() {
    while (m_at == m_data.size()) {
        if (m_input == nullptr || m_input->input_ended()) return true;
        m_input->fill();
        m_buffer = m_input->take_buffered();
        m_data = m_buffer;
        m_at = 0;
    }
    return false;
}

void ByteSource::advance() {
    m_recent[m_offset % 4] = {m_line, m_column};
    if (m_data[m_at] == '\n') {
        ++m_line;
        m_column = 1;
    } else {
        ++m_column;
    }
    ++m_at;
    ++m_offset;
}

std::pair<std::uint64_t, std::uint64_t> ByteSource::position_of(std::uint64_t offset) const {
    if (offset < m_offset && m_offset - offset <= 4) return m_recent[offset % 4];
    return {m_line, m_column};
}

void read_document(ByteSource& input, const std::string& source,
                   const std::function<void(json&&)>& on_defaults,
                   const std::function<void(json&&, std::uint64_t)>& on_job) {
    DocumentSax sax(source, on_defaults, on_job);
    translate_errors([&input](std::uint64_t offset) { return input.position_of(offset); }, source,
                     1, 0, [&] { return json::sax_parse(input.begin(), input.end(), &sax); });
    sax.finish();
}

void check_keys(const json& object, std::span<const std::string_view> known,
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
            throw Error("{}: unknown key '{}' (did you mean '{}'?)", where, excerpt(key), closest);
        std::string list;
        for (std::string_view candidate : known)
            list += (list.empty() ? "" : ", ") + std::string(candidate);
        throw Error("{}: unknown key '{}' (known keys: {})", where, excerpt(key), list);
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

// One job object; `where` is the file (and line). Needs stay names until resolved.
OwnJob read_own_job(const json& object, std::uint64_t seq, const std::string& where,
                    std::vector<std::string>& needs) {
    std::string here = where + ": " + job_label(seq, object);
    if (!object.is_object())
        throw Error("{}: must be a job object, not {}", here, object.type_name());
    check_keys(object, k_job_keys, here);

    OwnJob job;
    auto name = object.find("name");
    job.named = name != object.end();
    if (job.named) job.name = get_string(*name, here, "name");

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

    JobDefaults fields;
    read_shared_fields(object, here, fields);
    job.env = std::move(fields.env);
    job.cwd = std::move(fields.cwd);
    if (object.contains("tag")) job.tag = std::move(fields.tag);
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

Job read_job(const json& object, std::uint64_t seq, const JobDefaults& defaults,
             const std::string& where, std::vector<std::string>& needs) {
    return make_job(read_own_job(object, seq, where, needs), seq, defaults);
}

std::string describe_job(const Job& job) {
    return job.name == std::to_string(job.seq) ? fmt::format("job {}", job.seq)
                                               : fmt::format("job {} ('{}')", job.seq, job.name);
}

} // namespace prun::job_json
