#include <algorithm>
#include <cctype>
#include <cerrno>
#include <fcntl.h>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <prun/report/joblog.hpp>
#include <prun/report/results_table.hpp>
#include <prun/util/error.hpp>

namespace prun {

namespace {

bool ends_with_nocase(std::string_view text, std::string_view suffix) {
    return text.size() >= suffix.size() &&
           std::equal(suffix.begin(), suffix.end(), text.end() - suffix.size(), [](char a, char b) {
               return a == std::tolower(static_cast<unsigned char>(b));
           });
}

// Perl's \s, and the other reasons GNU quotes a field.
bool must_quote(std::string_view value, char separator) {
    return std::any_of(value.begin(), value.end(), [separator](char c) {
        return c == separator || c == '"' || c == '\0' || c == ' ' || c == '\t' || c == '\n' ||
               c == '\r' || c == '\f' || c == '\v';
    });
}

char separator_of(TableFormat format) {
    return format == TableFormat::tsv ? '\t' : ',';
}

} // namespace

std::optional<TableFormat> results_table_format(std::string_view name) {
    if (ends_with_nocase(name, ".csv")) return TableFormat::csv;
    if (ends_with_nocase(name, ".tsv")) return TableFormat::tsv;
    if (ends_with_nocase(name, ".json")) return TableFormat::json;
    return std::nullopt;
}

bool results_table_on_stdout(std::string_view name) {
    return name == "-.csv" || name == "-.tsv" || name == "-.json";
}

std::string table_field(std::string_view value, char separator) {
    if (!must_quote(value, separator)) return std::string(value);
    std::string out = "\"";
    for (char c : value) {
        if (c == '"') out.push_back('"');
        out.push_back(c);
    }
    out.push_back('"');
    return out;
}

std::string table_json_text(std::string_view value) {
    std::string out;
    out.reserve(value.size());
    for (char c : value) {
        auto byte = static_cast<unsigned char>(c);
        if (c == '\\' || c == '"') {
            out.push_back('\\');
            out.push_back(c);
        } else if (byte < 0x20) {
            out += fmt::format("\\u{:04x}", byte);
        } else {
            out.push_back(c);
        }
    }
    return out;
}

std::string table_header(TableFormat format, std::size_t columns,
                         const std::vector<std::string>& column_names) {
    char separator = separator_of(format);
    std::string row =
        fmt::format("Seq{0}Host{0}Starttime{0}JobRuntime{0}Send{0}Receive{0}Exitval{0}"
                    "Signal{0}Command",
                    separator);
    for (std::size_t i = 0; i < columns; ++i) {
        // (Appended piece by piece: GCC 12 misreads "V" + std::string as an overlapping
        // copy, bug 105329, which stops the -Werror build.)
        row.push_back(separator);
        if (i < column_names.size() && !column_names[i].empty())
            row += table_field(column_names[i], separator);
        else
            row += fmt::format("V{}", i + 1);
    }
    row += fmt::format("{0}Stdout{0}Stderr\n", separator);
    return row;
}

std::string table_row(TableFormat format, const TaskRecord& task, std::string_view out,
                      std::string_view err) {
    JoblogExit exit = joblog_exit(task);
    std::string host = task.host.empty() ? ":" : task.host;
    // GNU rounds the runtime here (the joblog truncates it).
    if (format == TableFormat::json) {
        std::string row = fmt::format(
            R"({{ "Seq": {}, "Host": "{}", "Starttime": {:.3f}, "JobRuntime": {:.3f}, "Send": 0, )"
            R"("Receive": {}, "Exitval": {}, "Signal": {}, "Command": "{}", "V": [ )",
            task.seq, table_json_text(host), to_epoch_seconds(task.start_wall),
            std::max(0.0, task.duration()), task.stdout_bytes, exit.value, exit.signal,
            table_json_text(task.command));
        for (std::size_t i = 0; i < task.args.size(); ++i)
            row += fmt::format("{}\"{}\"", i == 0 ? "" : ",", table_json_text(task.args[i]));
        row += fmt::format(R"( ], "Stdout": "{}", "Stderr": "{}" }})"
                           "\n",
                           table_json_text(out), table_json_text(err));
        return row;
    }
    char separator = separator_of(format);
    std::string row =
        fmt::format("{1}{0}{2}{0}", separator, task.seq, table_field(host, separator));
    row += fmt::format("{:.3f}{}{:.3f}{}0{}{}{}{}{}{}{}", to_epoch_seconds(task.start_wall),
                       separator, std::max(0.0, task.duration()), separator, separator,
                       task.stdout_bytes, separator, exit.value, separator, exit.signal, separator);
    row += table_field(task.command, separator);
    for (const std::string& arg : task.args)
        row += separator + table_field(arg, separator);
    row += separator + table_field(out, separator);
    row += separator + table_field(err, separator);
    row.push_back('\n');
    return row;
}

ResultsTableReporter::ResultsTableReporter(const std::string& name, TableFormat format,
                                           std::vector<std::string> column_names, Writer& out)
    : m_name(name), m_format(format), m_names(std::move(column_names)) {
    if (results_table_on_stdout(name)) {
        m_out = &out;
        return;
    }
    m_file.reset(::open(name.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666));
    if (!m_file) throw Error("cannot open --results '{}': {}", name, errno_text(errno));
}

void ResultsTableReporter::on_start(const TaskRecord& task) {
    // Another attempt starts over: only the last one's output is its row's.
    m_output[task.seq] = {};
}

void ResultsTableReporter::on_output(const TaskRecord& task, Stream stream, std::string_view data) {
    auto it = m_output.find(task.seq);
    if (it != m_output.end()) it->second[static_cast<int>(stream)].append(data);
}

void ResultsTableReporter::on_end(const TaskRecord& task) {
    auto it = m_output.find(task.seq);
    // A job skipped for a failed dependency never ran: no row (nor a joblog line).
    if (task.skipped) {
        if (it != m_output.end()) m_output.erase(it);
        return;
    }
    std::string text;
    if (!m_header_written && m_format != TableFormat::json)
        text = table_header(m_format, task.args.size(), m_names);
    m_header_written = true;
    static const std::array<std::string, 2> k_none;
    const std::array<std::string, 2>& output = it != m_output.end() ? it->second : k_none;
    text += table_row(m_format, task, output[0], output[1]);
    if (it != m_output.end()) m_output.erase(it);
    write(text);
}

void ResultsTableReporter::write(const std::string& text) {
    if (m_out != nullptr) {
        m_out->write(text);
        return;
    }
    if (!write_all(m_file.get(), text) && !m_warned) {
        m_warned = true;
        spdlog::error("cannot write --results '{}': {}", m_name, errno_text(errno));
    }
}

} // namespace prun
