#pragma once
// --results FILE.csv, FILE.tsv or FILE.json (-.csv, -.tsv, -.json: on stdout): GNU parallel's
// tables of the jobs, a row per job as it ends, byte for byte as GNU 20221122 writes them.
//
//   CSV/TSV  a header row, then a row per job:
//            Seq,Host,Starttime,JobRuntime,Send,Receive,Exitval,Signal,Command,V1..Vn,Stdout,Stderr
//            V1..Vn are the job's arguments (named after --header's columns, if given). A
//            field holding the separator, white space, '"' or a NUL is quoted ("..." with
//            '"' doubled); Stdout and Stderr hold the job's whole output.
//   JSON     a JSON object per line, the same fields, the arguments as an array "V".
//            Strings are escaped as GNU does (\\ \" and \u00XX for control characters;
//            other bytes as they are).
//
// Host is ":" for this machine, Send 0, Receive the stdout bytes, Exitval and Signal as the
// joblog has them. Each job's output is held in memory until the job ends (as GNU does).

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <prun/output/writer.hpp>
#include <prun/report/task_record.hpp>
#include <prun/util/fd.hpp>

namespace prun {

enum class TableFormat { csv, tsv, json };

// The table `name` asks for (by its ending, any case, as GNU), or nullopt for a directory.
std::optional<TableFormat> results_table_format(std::string_view name);
// Whether the table goes to stdout (-.csv, -.tsv, -.json): then nothing else does.
bool results_table_on_stdout(std::string_view name);

// One field of a CSV (separator ',') or TSV ('\t') row, quoted as GNU quotes it.
std::string table_field(std::string_view value, char separator);
// A string as GNU's JSON has it, without the surrounding quotes.
std::string table_json_text(std::string_view value);

// The header row (newline included) of a CSV or TSV table for `columns` arguments.
std::string table_header(TableFormat format, std::size_t columns,
                         const std::vector<std::string>& column_names);
// A job's row (newline included).
std::string table_row(TableFormat format, const TaskRecord& task, std::string_view out,
                      std::string_view err);

class ResultsTableReporter : public Reporter {
public:
    // Creates (truncates) the file, or writes to `out` for -.csv ...; throws Error if it
    // cannot be opened.
    ResultsTableReporter(const std::string& name, TableFormat format,
                         std::vector<std::string> column_names, Writer& out);

    void on_start(const TaskRecord& task) override;
    void on_output(const TaskRecord& task, Stream stream, std::string_view data) override;
    void on_end(const TaskRecord& task) override;

private:
    void write(const std::string& text);

    std::string m_name;
    TableFormat m_format;
    std::vector<std::string> m_names;
    Fd m_file;
    Writer* m_out = nullptr; // stdout, when the table goes there
    std::unordered_map<std::uint64_t, std::array<std::string, 2>> m_output;
    bool m_header_written = false;
    bool m_warned = false;
};

} // namespace prun
