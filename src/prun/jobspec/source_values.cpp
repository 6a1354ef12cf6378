#include <prun/jobspec/csv_fields.hpp>
#include <prun/jobspec/source_values.hpp>

namespace prun {

namespace {
// Perl's \s, which GNU parallel's -L tests the end of a record against.
bool ends_in_white_space(const std::string& record) {
    if (record.empty()) return false;
    char c = record.back();
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}
// GNU parallel's -r: a value of nothing but white space is no value.
bool is_blank(const std::string& value) {
    return value.find_first_not_of(" \t\n\r\f\v") == std::string::npos;
}
} // namespace

SourceValues::SourceValues(const InputSpec& spec, const std::string& delimiter, bool split_values,
                           bool continue_lines)
    : m_continue_lines(continue_lines) {
    if (spec.kind == InputSpec::Kind::file) {
        m_reader.emplace(open_records(spec.path, delimiter));
        return;
    }
    if (!split_values) {
        m_words = spec.values;
        return;
    }
    for (const std::string& word : spec.values) {
        // "a,b" with -d , is "a" and "b"; "a," is "a" and ""; "" stays "".
        std::size_t start = 0, end = 0;
        while (!delimiter.empty() && (end = word.find(delimiter, start)) != std::string::npos) {
            m_words.push_back(word.substr(start, end - start));
            start = end + delimiter.size();
        }
        m_words.push_back(word.substr(start));
    }
}

SourceValues::SourceValues(RecordReader reader, bool continue_lines)
    : m_reader(std::move(reader)), m_continue_lines(continue_lines) {}

SourceValues::Result SourceValues::next_record(std::string& record, bool block) {
    if (!m_reader) {
        if (m_next_word == m_words.size()) return Result::end;
        record = std::move(m_words[m_next_word++]);
        return Result::value;
    }
    while (true) {
        if (auto next = m_reader->next()) {
            record = std::move(*next);
            return Result::value;
        }
        if (m_reader->eof()) return Result::end;
        // A regular file never blocks for long; a pipe is read only when it is readable.
        if (m_reader->must_wait() && !block) return Result::pending;
        m_reader->fill();
    }
}

SourceValues::Result SourceValues::next(std::string& value, bool block) {
    while (true) {
        if (m_ended) return Result::end;
        Result result = next_value(value, block);
        if (result != Result::value) return result;
        if (m_eof && value == *m_eof) {
            m_ended = true;
            return Result::end;
        }
        if (m_skip_blank && is_blank(value)) continue;
        return result;
    }
}

SourceValues::Result SourceValues::next_value(std::string& value, bool block) {
    std::string record;
    while (true) {
        Result result = next_record(record, block);
        if (result == Result::pending) return result;
        if (result == Result::end) {
            if (!m_in_partial) return result;
            // A continued value at the end of the input is complete.
            m_in_partial = false;
            value = std::move(m_partial);
            m_partial.clear();
            return Result::value;
        }
        if (m_continue_lines && ends_in_white_space(record)) {
            m_partial.append(record);
            m_in_partial = true;
            continue;
        }
        if (m_csv_join && csv_record_open(record, m_in_partial)) {
            m_partial.append(record).append(*m_csv_join);
            m_in_partial = true;
            continue;
        }
        if (m_in_partial) {
            m_partial.append(record);
            value = std::move(m_partial);
            m_partial.clear();
            m_in_partial = false;
        } else {
            value = std::move(record);
        }
        return Result::value;
    }
}

std::vector<std::string> SourceValues::read_all() {
    std::vector<std::string> values;
    std::string value;
    while (next(value, true) == Result::value)
        values.push_back(std::move(value));
    return values;
}

} // namespace prun
