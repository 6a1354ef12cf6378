#include <algorithm>
#include <iterator>
#include <limits>

#include <spdlog/spdlog.h>

#include <prun/jobspec/argument_source.hpp>
#include <prun/util/error.hpp>

namespace prun {

namespace {

constexpr std::size_t k_no_limit = std::numeric_limits<std::size_t>::max();

// Sources joined by :::+ (or all of them, with --link) are paired into one group.
std::vector<std::size_t> group_sizes(const std::vector<InputSpec>& specs, bool link) {
    if (link) return {specs.size()};
    std::vector<std::size_t> sizes;
    for (std::size_t i = 0; i < specs.size(); ++i) {
        if (i > 0 && specs[i].linked)
            ++sizes.back();
        else
            sizes.push_back(1);
    }
    return sizes;
}

ArgumentRules plain_records(const std::string& delimiter) {
    ArgumentRules rules;
    rules.delimiter = delimiter;
    rules.split_values = true;
    return rules;
}

} // namespace

ArgumentSource::ArgumentSource(const std::vector<InputSpec>& inputs, const std::string& delimiter)
    : ArgumentSource(inputs, plain_records(delimiter)) {}

ArgumentSource::ArgumentSource(const std::vector<InputSpec>& inputs, const ArgumentRules& rules)
    : m_trim(rules.trim), m_wrap(rules.link), m_args_per_job(rules.args_per_job) {
    std::vector<InputSpec> specs = inputs;
    if (specs.empty()) specs.push_back({InputSpec::Kind::file, {}, "-"});
    auto is_stdin = [](const InputSpec& s) {
        return s.kind == InputSpec::Kind::file && s.path == "-";
    };
    // Two sources cannot both read stdin: the first would see no line the second took.
    if (std::count_if(specs.begin(), specs.end(), is_stdin) > 1)
        throw Error("standard input ('-') is named as more than one input source");

    // GNU parallel: --header without --colsep splits names (and values) at tabs.
    if (rules.csv)
        m_splitter.emplace(rules.colsep.value_or(","), true);
    else if (rules.colsep)
        m_splitter.emplace(*rules.colsep);
    else if (rules.header)
        m_splitter.emplace("\t");

    std::size_t first = 0;
    for (std::size_t size : group_sizes(specs, rules.link)) {
        m_groups.push_back({first, size, 0});
        first += size;
    }
    m_rows.assign(m_groups.size(), 0);
    m_values.resize(specs.size());

    for (std::size_t i = 0; i < specs.size(); ++i) {
        bool streamed = i == 0 && specs[i].kind == InputSpec::Kind::file;
        std::optional<SourceValues> opened;
        if (streamed && rules.count_ahead) {
            std::string name;
            m_ahead = open_read_ahead(specs[i].path, name);
            opened.emplace(RecordReader(m_ahead, rules.delimiter, name), rules.continue_lines);
            m_counter.emplace(RecordReader(m_ahead, rules.delimiter, name), rules.continue_lines);
            m_counter->set_filter(rules.eof, rules.skip_blank);
            if (rules.csv) m_counter->join_csv_records(rules.delimiter);
        } else {
            opened.emplace(specs[i], rules.delimiter, rules.split_values, rules.continue_lines);
        }
        SourceValues& values = *opened;
        // GNU's --skip-first-line: one record of the first source, before anything else.
        if (i == 0 && rules.skip_first) {
            values.skip_record();
            if (m_counter) m_counter->skip_record();
        }
        values.set_filter(rules.eof, rules.skip_blank);
        if (rules.csv) values.join_csv_records(rules.delimiter);
        if (rules.header) read_header(values);
        if (rules.header && m_counter) {
            std::string skipped; // the header, which is no value (read blocking, as above)
            m_counter->next(skipped, true);
        }
        if (streamed) {
            m_stream.emplace(std::move(values));
            m_streaming = true;
            continue;
        }
        for (std::string& value : values.read_all())
            m_values[i].push_back(shape(std::move(value)));
        if (!m_values[i].empty()) m_others_empty = false;
    }
    if (!m_streaming && m_others_empty) m_done = true; // every source is empty: no jobs
    for (std::size_t i = 0; i < specs.size(); ++i)
        if (m_values[i].empty() && !(i == 0 && m_streaming)) m_values[i].push_back(shape(""));

    for (std::size_t g = 0; g < m_groups.size(); ++g) {
        Group& group = m_groups[g];
        std::size_t shortest = k_no_limit, longest = 0;
        for (std::size_t i = group.first; i < group.first + group.size; ++i) {
            if (i == 0 && m_streaming) continue;
            shortest = std::min(shortest, m_values[i].size());
            longest = std::max(longest, m_values[i].size());
        }
        group.rows = m_wrap ? longest : shortest;
        if (g == 0) {
            m_partners_min = shortest;
            m_partners_max = longest;
        }
    }
    // Recycling a stream shorter than its partners needs its values again.
    if (m_streaming && m_wrap) m_stream_keep = m_partners_max;
}

ArgumentSource::Fields ArgumentSource::shape(std::string value) {
    // An argument is a C string: GNU parallel passes a NUL as the two characters \0, and
    // says so (once).
    if (value.find('\0') != std::string::npos) {
        for (auto at = value.find('\0'); at != std::string::npos; at = value.find('\0', at + 2))
            value.replace(at, 1, "\\0");
        if (!m_warned_nul)
            spdlog::warn("a NUL byte in the input was replaced with \\0 (an argument cannot "
                         "hold one; did you mean -0/--null?)");
        m_warned_nul = true;
    }
    Fields fields;
    if (m_splitter)
        m_splitter->split(value, fields);
    else
        fields.push_back(std::move(value));
    if (m_trim != Trim::none)
        for (std::string& field : fields)
            trim_value(field, m_trim);
    return fields;
}

void ArgumentSource::read_header(SourceValues& values) {
    std::string line;
    if (values.next(line, true) != SourceValues::Result::value) return;
    // As GNU parallel: a DOS line end is not part of the last name, nor are trailing empty
    // names (Perl's split drops them).
    if (!line.empty() && line.back() == '\r') line.pop_back();
    std::vector<std::string> names;
    m_splitter->split(line, names);
    while (!names.empty() && names.back().empty())
        names.pop_back();
    m_names.insert(m_names.end(), names.begin(), names.end());
}

JobStream::Status ArgumentSource::next_first_row() {
    std::size_t row = m_next_first_row;
    if (!m_streaming) {
        if (row >= m_groups[0].rows) return Status::done;
        m_next_first_row = row + 1;
        return Status::ready;
    }
    // Pairing without recycling ends with the shortest partner: read no further.
    if (!m_wrap && row >= m_partners_min) return Status::done;
    if (!m_stream_ended) {
        std::string value;
        switch (m_stream->next(value, false)) {
        case SourceValues::Result::pending:
            return Status::pending;
        case SourceValues::Result::value:
            m_stream_current = shape(std::move(value));
            if (++m_stream_count <= m_stream_keep) m_values[0].push_back(m_stream_current);
            m_next_first_row = row + 1;
            return Status::ready;
        case SourceValues::Result::end:
            m_stream_ended = true;
            m_stream.reset(); // close the input as soon as it is finished
            if (m_stream_count == 0) {
                if (m_others_empty) return Status::done;
                m_values[0].assign(1, shape(""));
                m_stream_count = 1;
            }
            break;
        }
    }
    std::size_t length = m_stream_count;
    std::size_t rows = m_wrap ? std::max(length, m_partners_max) : std::min(length, m_partners_min);
    if (row >= rows) return Status::done;
    // Only reached for values kept above: recycling, or the empty stream's one value.
    m_stream_current = m_values[0][row % length];
    m_next_first_row = row + 1;
    return Status::ready;
}

// Steps the odometer over the groups after the first; false when it wraps around.
bool ArgumentSource::advance_other_groups() {
    for (std::size_t g = m_groups.size(); g-- > 1;) {
        if (++m_rows[g] < m_groups[g].rows) return true;
        m_rows[g] = 0;
    }
    return false;
}

void ArgumentSource::append_combination() {
    m_rows[0] = m_next_first_row - 1;
    for (std::size_t g = 0; g < m_groups.size(); ++g) {
        const Group& group = m_groups[g];
        for (std::size_t i = group.first; i < group.first + group.size; ++i) {
            if (i == 0 && m_streaming && m_groups.size() == 1) {
                // Combined with nothing else, the streamed value is used once: moved, not
                // copied (a 100 MB line would otherwise cost 200 MB).
                std::move(m_stream_current.begin(), m_stream_current.end(),
                          std::back_inserter(m_args));
                m_stream_current.clear();
                continue;
            }
            const Fields& fields = i == 0 && m_streaming
                                       ? m_stream_current
                                       : m_values[i][m_rows[g] % m_values[i].size()];
            m_args.insert(m_args.end(), fields.begin(), fields.end());
        }
    }
}

JobStream::Status ArgumentSource::next_combination() {
    if (m_have_first_row) {
        if (advance_other_groups()) return Status::ready;
        m_have_first_row = false;
    }
    Status status = next_first_row();
    if (status == Status::ready) m_have_first_row = true;
    return status;
}

JobStream::Status ArgumentSource::next(Job& job) {
    if (m_done) return Status::done;
    std::size_t wanted = std::max<std::size_t>(m_args_per_job, 1);
    while (m_in_job < wanted) {
        Status status = next_combination();
        if (status == Status::pending) return status;
        if (status == Status::done) break;
        // -N 0 reads a combination but passes none of it.
        if (m_args_per_job > 0) append_combination();
        ++m_in_job;
    }
    if (m_in_job == 0) {
        m_done = true;
        m_stream.reset();
        return Status::done;
    }
    job.seq = ++m_seq;
    job.args.swap(m_args);
    m_args.clear();
    m_in_job = 0;
    return Status::ready;
}

std::uint64_t ArgumentSource::jobs_for(std::uint64_t first) const {
    std::uint64_t combinations = first;
    for (std::size_t g = 1; g < m_groups.size(); ++g)
        combinations *= m_groups[g].rows;
    // Each job takes -N combinations (the last may take fewer); -N 0 takes one, passing none.
    std::uint64_t per_job = std::max<std::size_t>(m_args_per_job, 1);
    return (combinations + per_job - 1) / per_job;
}

void ArgumentSource::count_values(std::chrono::milliseconds budget) const {
    MonoTime deadline = MonoClock::now() + budget;
    std::string value;
    for (std::uint64_t n = 1;; ++n) {
        switch (m_counter->next(value, false)) {
        case SourceValues::Result::value:
            ++m_counted;
            break;
        case SourceValues::Result::pending:
            return; // the rest is not read ahead yet
        case SourceValues::Result::end:
            m_count_done = true;
            m_counter.reset();
            return;
        }
        if (n % 1024 == 0 && MonoClock::now() >= deadline) return;
    }
}

std::optional<std::uint64_t> ArgumentSource::total() const {
    if (m_done) return m_seq;
    if (!m_streaming) return jobs_for(m_groups[0].rows);
    std::uint64_t length = 0;
    if (m_stream_ended) {
        length = m_stream_count;
    } else {
        if (!m_count_done && m_counter && MonoClock::now() >= m_next_count) {
            // Counting a long file takes a while: a slice at a time, as the progress line
            // (or a job's start) asks, never more than a fifth of the time.
            constexpr auto k_slice = std::chrono::milliseconds(5);
            count_values(k_slice);
            m_next_count = MonoClock::now() + 4 * k_slice;
        }
        if (!m_count_done) return std::nullopt;
        length = m_counted;
        if (length == 0) {
            if (m_others_empty) return 0;
            length = 1; // an empty stream counts as one empty value
        }
    }
    std::uint64_t rows = m_wrap ? std::max<std::uint64_t>(length, m_partners_max)
                                : std::min<std::uint64_t>(length, m_partners_min);
    return jobs_for(rows);
}

int ArgumentSource::pending_fd() const {
    if (!m_stream) return -1;
    if (m_ahead) return m_ahead->ended() ? -1 : m_ahead->fd();
    return m_stream->fd();
}

int ArgumentSource::prefetch_fd() const {
    // Reading ahead goes on while every slot is busy, to the input's end (or to -E's
    // string: what comes after it counts for nothing).
    return m_ahead && m_ahead->pulled() && !m_ahead->ended() && !m_count_done ? m_ahead->fd() : -1;
}

void ArgumentSource::on_readable() {
    if (m_ahead) {
        m_ahead->pull();
        if (m_counter) count_values(std::chrono::milliseconds(5));
        return;
    }
    if (m_stream) m_stream->fill();
}

} // namespace prun
