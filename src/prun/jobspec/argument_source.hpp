#pragma once
// Turns the input sources into a stream of Jobs, in GNU parallel's order: with several
// sources, every combination, the last source varying fastest. The first source is
// streamed (a job can start before the last line is read); the others are read whole
// first, since every one of their values is needed for each value of the first.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <prun/jobspec/input_spec.hpp>
#include <prun/jobspec/job.hpp>
#include <prun/jobspec/job_stream.hpp>
#include <prun/jobspec/record_reader.hpp>

namespace prun {

class ArgumentSource : public JobStream {
public:
    ArgumentSource(const std::vector<InputSpec>& inputs, char delimiter);

    // Pending means the streamed input has no complete record yet.
    Status next(Job& job) override;
    int pending_fd() const override;
    void on_readable() override;
    std::uint64_t count() const override { return m_seq; }
    bool exhausted() const override { return m_done; }
    // Known from the start unless the first source is streamed from a file or stdin.
    std::optional<std::uint64_t> total() const override;

private:
    std::optional<std::string> next_first_value(bool& pending);
    bool advance_combination();

    std::optional<RecordReader> m_reader;    // the first source, when it is a file/stdin
    std::vector<std::string> m_first_values; // the first source, when it is ::: values
    std::size_t m_first_index = 0;
    std::vector<std::vector<std::string>> m_others;
    std::vector<std::size_t> m_odometer; // current index into each of m_others
    std::optional<std::string> m_current_first;
    std::uint64_t m_seq = 0;
    bool m_done = false;
};

} // namespace prun
