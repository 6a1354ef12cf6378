#pragma once
// The pieces of job_file.cpp that know nlohmann_json (jobspec/ is the only module that
// includes it). Every function throws prun::Error with a message naming `source` or
// `where` (the file, and the line for JSON Lines) and the job; no nlohmann exception
// escapes.

#include <cstdint>
#include <functional>
#include <iterator>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include <prun/jobspec/job_file.hpp>
#include <prun/jobspec/record_reader.hpp>

namespace prun::job_json {

using json = nlohmann::json;

// How deep arrays and objects may nest: a job file needs 5 levels; a deeper one is an
// error, found while parsing, before anything recurses over it.
inline constexpr int k_max_json_depth = 64;

// Parses JSON text; `first_line` is the line number of its first line. Malformed JSON is
// reported with line and column, a repeated key with the job (`line_job`: the job a JSON
// Lines line holds, or 0 for a whole file) or "defaults" it is in; nesting beyond
// k_max_json_depth as such.
json parse_text(std::string_view text, const std::string& source, std::uint64_t first_line,
                std::uint64_t line_job = 0);

// The bytes of a .json job file: a text, or what a RecordReader buffered and then the rest
// of its input, a chunk at a time, so the text is never held whole. It remembers the line
// and column of the last bytes handed out, for error messages.
class ByteSource {
public:
    explicit ByteSource(std::string_view text) : m_data(text) {}
    // `input` must outlive this.
    explicit ByteSource(RecordReader& input);

    // An input iterator over the bytes, for nlohmann's parser.
    class Iterator {
    public:
        using iterator_category = std::input_iterator_tag;
        using value_type = char;
        using difference_type = std::ptrdiff_t;
        using pointer = const char*;
        using reference = const char&;

        explicit Iterator(ByteSource* source = nullptr) : m_source(source) {}
        const char& operator*() const { return m_source->m_data[m_source->m_at]; }
        Iterator& operator++() {
            m_source->advance();
            return *this;
        }
        Iterator operator++(int) {
            Iterator before = *this;
            m_source->advance();
            return before;
        }
        bool operator==(const Iterator& other) const { return ended() == other.ended(); }

    private:
        bool ended() const { return m_source == nullptr || m_source->at_end(); }
        ByteSource* m_source;
    };

    Iterator begin() { return Iterator(this); }
    Iterator end() { return Iterator(); }
    // The line and column (1-based) of the byte at `offset`, if it was handed out lately
    // (else of the next byte).
    std::pair<std::uint64_t, std::uint64_t> position_of(std::uint64_t offset) const;

private:
    bool at_end();
    void advance();

    std::string_view m_data; // the bytes being handed out: `start`, then m_buffer
    std::size_t m_at = 0;    // the next one in m_data
    std::string m_buffer;
    RecordReader* m_input = nullptr;
    std::uint64_t m_offset = 0;                            // bytes handed out
    std::uint64_t m_line = 1, m_column = 1;                // of the next byte
    std::pair<std::uint64_t, std::uint64_t> m_recent[4]{}; // positions, by offset % 4
};

// Reads a whole job file in one pass without building it as one tree (a tree costs ~1 KB
// a job, and nlohmann's callback parser takes quadratic time on a long array): checks the
// JSON (syntax, repeated keys, with parse_text's messages) and the top level's shape (an
// object with "defaults" and "jobs", or an array), and hands the defaults' value to
// `on_defaults` and each job's value, with its 1-based number, to `on_job`, as each ends.
void read_document(ByteSource& input, const std::string& source,
                   const std::function<void(json&&)>& on_defaults,
                   const std::function<void(json&&, std::uint64_t)>& on_job);

// Rejects any key of `object` not in `known`, with a did-you-mean for a near miss.
void check_keys(const json& object, std::span<const std::string_view> known,
                const std::string& where);

JobDefaults read_defaults(const json& value, const std::string& where);

// The job numbered `seq` from its object, every field checked; `needs` gets the names it
// needs (without repeats).
OwnJob read_own_job(const json& object, std::uint64_t seq, const std::string& where,
                    std::vector<std::string>& needs);

// The same, over `defaults`.
Job read_job(const json& object, std::uint64_t seq, const JobDefaults& defaults,
             const std::string& where, std::vector<std::string>& needs);

// "job 3", or "job 3 ('build')" for a job named in its file.
std::string describe_job(const Job& job);

} // namespace prun::job_json
