#pragma once
// The values of one input source, in order: the words after :::, or the records of a file
// or of stdin (read as they arrive). With -L, a record that ends in white space continues
// on the next one (GNU parallel's rule; the two are joined as they are).

#include <optional>
#include <string>
#include <vector>

#include <prun/jobspec/input_spec.hpp>
#include <prun/jobspec/record_reader.hpp>

namespace prun {

class SourceValues {
public:
    // Opens the file (throws Error naming it if it cannot).
    SourceValues(const InputSpec& spec, char delimiter, bool continue_lines);

    enum class Result { value, pending, end };
    // The next value. `pending`: a pipe or terminal has no complete record yet; wait for
    // fd() to be readable, call fill(), and ask again. With `block`, never pending: reads
    // (blocking) until there is a value or the input ends.
    Result next(std::string& value, bool block);
    // Every value that is left (blocking).
    std::vector<std::string> read_all();

    // The descriptor to wait on while pending (-1 for ::: values).
    int fd() const { return m_reader ? m_reader->fd() : -1; }
    void fill() {
        if (m_reader) m_reader->fill();
    }

private:
    Result next_record(std::string& record, bool block);

    std::optional<RecordReader> m_reader;
    std::vector<std::string> m_words; // ::: values
    std::size_t m_next_word = 0;
    bool m_continue_lines;
    std::string m_partial; // -L: records read so far of a continued value
    bool m_in_partial = false;
};

} // namespace prun
