#pragma once
// The values of one input source, in order: the words after ::: (split at the delimiter
// they hold, with -d), or the records of a file or of stdin (read as they arrive). With -L,
// a record that ends in white space continues on the next one (GNU parallel's rule; the
// two are joined as they are).

#include <optional>
#include <string>
#include <vector>

#include <prun/jobspec/input_spec.hpp>
#include <prun/jobspec/record_reader.hpp>

namespace prun {

class SourceValues {
public:
    // Opens the file (throws Error naming it if it cannot).
    // With `split_values` (-d given), ::: values are records too: GNU parallel writes them to
    // a file, each followed by the delimiter, and reads them back, so a value holding the
    // delimiter is several values. (Not by default: a value with a newline stays one.)
    SourceValues(const InputSpec& spec, const std::string& delimiter, bool split_values,
                 bool continue_lines);
    // The records of `reader`.
    SourceValues(RecordReader reader, bool continue_lines);

    enum class Result { value, pending, end };
    // The next value. `pending`: a pipe or terminal has no complete record yet; wait for
    // fd() to be readable, call fill(), and ask again. With `block`, never pending: reads
    // (blocking) until there is a value or the input ends.
    Result next(std::string& value, bool block);
    // Every value that is left (blocking).
    std::vector<std::string> read_all();
    // Reads (blocking) and drops one record, ignoring -E and -r: --skip-first-line.
    void skip_record() {
        std::string record;
        next_record(record, true);
    }

    // GNU's -E: the input ends before a value equal to `eof`. -r (`skip_blank`): values
    // that are empty or only white space are left out.
    void set_filter(std::optional<std::string> eof, bool skip_blank) {
        m_eof = std::move(eof);
        m_skip_blank = skip_blank;
    }

    // --csv: a record whose quotes are left open continues on the next one (csv_fields.hpp),
    // the two joined with `delimiter` between them (a newline inside a quoted field).
    void join_csv_records(std::string delimiter) { m_csv_join = std::move(delimiter); }

    // The descriptor to wait on while pending (-1 for ::: values).
    int fd() const { return m_reader ? m_reader->fd() : -1; }
    void fill() {
        if (m_reader) m_reader->fill();
    }

private:
    Result next_record(std::string& record, bool block);
    Result next_value(std::string& value, bool block); // next() before -E and -r

    std::optional<RecordReader> m_reader;
    std::vector<std::string> m_words; // ::: values
    std::size_t m_next_word = 0;
    bool m_continue_lines;
    std::string m_partial; // -L: records read so far of a continued value
    bool m_in_partial = false;
    std::optional<std::string> m_csv_join; // --csv: the delimiter to join records with
    std::optional<std::string> m_eof;
    bool m_skip_blank = false;
    bool m_ended = false; // the -E string was read
};

} // namespace prun
